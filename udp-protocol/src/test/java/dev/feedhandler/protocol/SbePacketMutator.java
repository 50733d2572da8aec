package dev.feedhandler.protocol;

import dev.feedhandler.orderbook.testing.ByteMutations;
import dev.feedhandler.protocol.consumer.RejectReason;
import dev.feedhandler.protocol.sbe.BookDeltaDecoder;
import dev.feedhandler.protocol.sbe.BookSnapshotDecoder;
import dev.feedhandler.protocol.sbe.HeartbeatDecoder;
import dev.feedhandler.protocol.sbe.InstrumentDefinitionDecoder;
import dev.feedhandler.protocol.sbe.InstrumentStatusDecoder;
import dev.feedhandler.protocol.sbe.MessageHeaderDecoder;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * Corrupts the feed's SBE packets. Two families:
 * <ul>
 *   <li>{@link #malformed}: a packet a consumer can tell is broken, each with the {@link RejectReason} it must be
 *   rejected for: cut short, another schema, an unknown template, an older version, a root block shorter than the
 *   template's or reaching past the packet, a group count or entry size that does not fit, a var-data length past the
 *   end, an enum value, part index, price, quantity or scale out of range;</li>
 *   <li>{@link #any}: also bit flips, overwrites, inserts, deletes, splices of two packets and another valid template
 *   id, whose effect cannot be known beforehand (SBE has no checksum).</li>
 * </ul>
 */
final class SbePacketMutator
{
    /** What was done. */
    enum Kind
    {
        TRUNCATE,
        SCHEMA_ID,
        TEMPLATE_ID,
        OLD_VERSION,
        SHORT_BLOCK,
        LONG_BLOCK,
        GROUP_COUNT,
        GROUP_BLOCK,
        VAR_LENGTH,
        ENUM_VALUE,
        PART_INDEX,
        LEVEL_VALUE,
        // Effect unknown beforehand:
        FLIP_BITS,
        OVERWRITE_BYTES,
        INSERT_BYTES,
        DELETE_BYTES,
        SPLICE,
        OTHER_TEMPLATE,
        NEWER_VERSION,
        BLOCK_LENGTH
    }

    /** A corrupted packet, and the reason a consumer must reject it for, or null when that cannot be known. */
    record Mutant(Kind kind, byte[] bytes, RejectReason expected)
    {
    }

    private static final int HEADER = MessageHeaderDecoder.ENCODED_LENGTH;
    private static final int GROUP_HEADER = BookDeltaDecoder.LevelsDecoder.HEADER_SIZE;
    private static final int LEVEL = BookDeltaDecoder.LevelsDecoder.sbeBlockLength();
    private static final Kind[] MALFORMED = {
        Kind.TRUNCATE, Kind.SCHEMA_ID, Kind.TEMPLATE_ID, Kind.OLD_VERSION, Kind.SHORT_BLOCK, Kind.LONG_BLOCK,
        Kind.GROUP_COUNT, Kind.GROUP_BLOCK, Kind.VAR_LENGTH, Kind.ENUM_VALUE, Kind.PART_INDEX, Kind.LEVEL_VALUE,
    };
    private static final Kind[] UNKNOWABLE = {
        Kind.FLIP_BITS, Kind.OVERWRITE_BYTES, Kind.INSERT_BYTES, Kind.DELETE_BYTES, Kind.SPLICE, Kind.OTHER_TEMPLATE,
        Kind.NEWER_VERSION, Kind.BLOCK_LENGTH,
    };

    private SbePacketMutator()
    {
    }

    /** A corruption a consumer must detect, of a kind that applies to this packet's template. */
    static Mutant malformed(final SplittableRandom random, final byte[] packet)
    {
        while (true)
        {
            final Mutant mutant = malformed(random, MALFORMED[random.nextInt(MALFORMED.length)], packet);
            if (mutant != null)
            {
                return mutant;
            }
        }
    }

    /** Any corruption: a detectable one half of the time, otherwise one whose effect is unknown. */
    static Mutant any(final SplittableRandom random, final byte[] packet, final byte[] other)
    {
        if (random.nextBoolean())
        {
            return malformed(random, packet);
        }
        final Kind kind = UNKNOWABLE[random.nextInt(UNKNOWABLE.length)];
        final byte[] bytes = switch (kind)
        {
            case FLIP_BITS -> ByteMutations.flipBits(random, packet.clone(), 1 + random.nextInt(8));
            case OVERWRITE_BYTES -> ByteMutations.overwrite(random, packet.clone(), 1 + random.nextInt(4), null);
            case INSERT_BYTES -> ByteMutations.insertRandom(random, packet, 1 + random.nextInt(16), null);
            case DELETE_BYTES -> ByteMutations.deleteRandom(random, packet, 1 + random.nextInt(16));
            case SPLICE -> ByteMutations.splice(random, packet, other);
            case OTHER_TEMPLATE -> withShort(packet, 2, 1 + random.nextInt(5));
            case NEWER_VERSION -> withShort(packet, 6, 2 + random.nextInt(65534));
            default -> withShort(packet, 0, random.nextInt(65536));
        };
        return new Mutant(kind, bytes, null);
    }

    /** @return null when the kind does not apply to this template. */
    private static Mutant malformed(final SplittableRandom random, final Kind kind, final byte[] packet)
    {
        final int template = u16(packet, 2);
        final int block = u16(packet, 0);
        switch (kind)
        {
            case TRUNCATE:
            {
                final int length = random.nextInt(packet.length);
                return new Mutant(kind, ByteMutations.truncate(packet, length),
                    length < HEADER + 16 ? RejectReason.TOO_SHORT : RejectReason.TRUNCATED);
            }
            case SCHEMA_ID:
                return new Mutant(kind, withShort(packet, 4, otherThan(random, MessageHeaderDecoder.SCHEMA_ID)),
                    RejectReason.WRONG_SCHEMA);
            case TEMPLATE_ID:
                return new Mutant(kind, withShort(packet, 2, random.nextBoolean() ? 0 : 6 + random.nextInt(65530)),
                    RejectReason.UNKNOWN_TEMPLATE);
            case OLD_VERSION:
                return new Mutant(kind, withShort(packet, 6, 0), RejectReason.OLD_VERSION);
            case SHORT_BLOCK:
                return new Mutant(kind, withShort(packet, 0, random.nextInt(blockLength(template))),
                    RejectReason.SHORT_BLOCK);
            case LONG_BLOCK:
                return new Mutant(kind, withShort(packet, 0, packet.length - HEADER + 1 +
                    random.nextInt(65536 - (packet.length - HEADER + 1))), RejectReason.TRUNCATED);
            case GROUP_COUNT:
                return hasLevels(template) ? new Mutant(kind, withShort(packet, HEADER + block + 2,
                    levelCount(packet, block) + 1 + random.nextInt(65535 - levelCount(packet, block))),
                    RejectReason.TRUNCATED) : null;
            case GROUP_BLOCK:
                return hasLevels(template) ?
                    new Mutant(kind, withShort(packet, HEADER + block, random.nextInt(LEVEL)), RejectReason.BAD_GROUP) :
                    null;
            case VAR_LENGTH:
                return template == InstrumentDefinitionDecoder.TEMPLATE_ID ? varLength(random, packet, block) : null;
            case ENUM_VALUE:
                return enumValue(random, packet, template, block);
            case PART_INDEX:
                return hasLevels(template) ? partIndex(random, packet) : null;
            default:
                return hasLevels(template) && levelCount(packet, block) > 0 ? levelValue(random, packet, block) : null;
        }
    }

    private static Mutant varLength(final SplittableRandom random, final byte[] packet, final int block)
    {
        final int first = HEADER + block;
        final boolean second = random.nextBoolean();
        final int at = second ? first + 1 + (packet[first] & 0xFF) : first;
        final int room = packet.length - at - 1 - (second ? 0 : 1);
        if (room >= 255)
        {
            return null;
        }
        final byte[] bytes = packet.clone();
        bytes[at] = (byte)(room + 1 + random.nextInt(255 - room));
        return new Mutant(Kind.VAR_LENGTH, bytes, RejectReason.TRUNCATED);
    }

    private static Mutant enumValue(final SplittableRandom random, final byte[] packet, final int template,
        final int block)
    {
        final byte[] bytes = packet.clone();
        final int body = HEADER;
        if (template == InstrumentStatusDecoder.TEMPLATE_ID)
        {
            final boolean state = random.nextBoolean();
            bytes[body + (state ? InstrumentStatusDecoder.stateEncodingOffset() :
                InstrumentStatusDecoder.reasonEncodingOffset())] = (byte)((state ? 5 : 14) + random.nextInt(state ? 250 : 241));
        }
        else if (template == InstrumentDefinitionDecoder.TEMPLATE_ID)
        {
            // The venue is kept as a number (a newer publisher may know more venues): only the scales are checked.
            bytes[body + (random.nextBoolean() ? InstrumentDefinitionDecoder.priceScaleEncodingOffset() :
                InstrumentDefinitionDecoder.qtyScaleEncodingOffset())] = (byte)(19 + random.nextInt(237));
        }
        else if (hasLevels(template) && levelCount(packet, block) > 0)
        {
            bytes[levelAt(random, packet, block)] = (byte)(2 + random.nextInt(254));
        }
        else
        {
            return null;
        }
        return new Mutant(Kind.ENUM_VALUE, bytes, RejectReason.BAD_VALUE);
    }

    /** A part index at or past the part count, or a part count of zero. */
    private static Mutant partIndex(final SplittableRandom random, final byte[] packet)
    {
        final int index = HEADER + BookDeltaDecoder.partIndexEncodingOffset();
        final int count = HEADER + BookDeltaDecoder.partCountEncodingOffset();
        final byte[] bytes = random.nextBoolean() ? withShort(packet, count, 0) :
            withShort(packet, index, u16(packet, count) + random.nextInt(65536 - u16(packet, count)));
        return new Mutant(Kind.PART_INDEX, bytes, RejectReason.BAD_VALUE);
    }

    /** A price of zero or below, or a negative quantity. */
    private static Mutant levelValue(final SplittableRandom random, final byte[] packet, final int block)
    {
        final int level = levelAt(random, packet, block);
        final boolean price = random.nextBoolean();
        final long value = price ? -random.nextLong(1L << 40) : -1 - random.nextLong(Long.MAX_VALUE);
        final UnsafeBuffer buffer = new UnsafeBuffer(packet.clone());
        buffer.putLong(level + (price ? BookDeltaDecoder.LevelsDecoder.priceEncodingOffset() :
            BookDeltaDecoder.LevelsDecoder.quantityEncodingOffset()), value, ByteOrder.LITTLE_ENDIAN);
        return new Mutant(Kind.LEVEL_VALUE, buffer.byteArray(), RejectReason.BAD_VALUE);
    }

    private static int levelAt(final SplittableRandom random, final byte[] packet, final int block)
    {
        return HEADER + block + GROUP_HEADER + LEVEL * random.nextInt(levelCount(packet, block));
    }

    private static boolean hasLevels(final int template)
    {
        return template == BookDeltaDecoder.TEMPLATE_ID || template == BookSnapshotDecoder.TEMPLATE_ID;
    }

    private static int levelCount(final byte[] packet, final int block)
    {
        return u16(packet, HEADER + block + 2);
    }

    private static int blockLength(final int template)
    {
        return switch (template)
        {
            case HeartbeatDecoder.TEMPLATE_ID -> HeartbeatDecoder.BLOCK_LENGTH;
            case InstrumentDefinitionDecoder.TEMPLATE_ID -> InstrumentDefinitionDecoder.BLOCK_LENGTH;
            case InstrumentStatusDecoder.TEMPLATE_ID -> InstrumentStatusDecoder.BLOCK_LENGTH;
            case BookDeltaDecoder.TEMPLATE_ID -> BookDeltaDecoder.BLOCK_LENGTH;
            default -> BookSnapshotDecoder.BLOCK_LENGTH;
        };
    }

    private static int otherThan(final SplittableRandom random, final int value)
    {
        final int other = random.nextInt(65536);
        return other == value ? value + 1 : other;
    }

    private static int u16(final byte[] packet, final int at)
    {
        return (packet[at] & 0xFF) | (packet[at + 1] & 0xFF) << 8;
    }

    private static byte[] withShort(final byte[] packet, final int at, final int value)
    {
        final byte[] bytes = packet.clone();
        bytes[at] = (byte)value;
        bytes[at + 1] = (byte)(value >>> 8);
        return bytes;
    }
}
