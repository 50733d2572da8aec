package dev.feedhandler.protocol.consumer;

import dev.feedhandler.orderbook.FixedPoint;
import dev.feedhandler.protocol.sbe.BookDeltaDecoder;
import dev.feedhandler.protocol.sbe.BookSnapshotDecoder;
import dev.feedhandler.protocol.sbe.HeartbeatDecoder;
import dev.feedhandler.protocol.sbe.InstrumentDefinitionDecoder;
import dev.feedhandler.protocol.sbe.InstrumentStatusDecoder;
import dev.feedhandler.protocol.sbe.MessageHeaderDecoder;
import org.agrona.BitUtil;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Whether a message can be read without reading past its end or meeting a value the generated codecs refuse: the
 * header names this schema, a known template and at least this version; the root block is at least the template's
 * and every block, group entry and variable-length field lies within the message; enum values, part indexes,
 * prices, quantities and scales are in range. Reads raw little-endian fields; allocates nothing.
 * <p>
 * What this cannot catch: a message whose bytes were changed but still make sense (SBE carries no checksum). A
 * changed price, quantity, sequence or epoch is read as sent.
 */
final class MessageCheck
{
    static final int OK = 0;

    private static final int HEADER = MessageHeaderDecoder.ENCODED_LENGTH;
    /** Every root block starts with the epoch and the sequence. */
    private static final int MIN_LENGTH = HEADER + 2 * BitUtil.SIZE_OF_LONG;
    private static final int GROUP_HEADER = BookDeltaDecoder.LevelsDecoder.HEADER_SIZE;
    private static final int LEVEL = BookDeltaDecoder.LevelsDecoder.sbeBlockLength();
    private static final int SIDE_ASK = 1;
    private static final int STATE_MAX = 4;
    private static final int REASON_MAX = 13;

    private MessageCheck()
    {
    }

    /** @return {@link #OK}, or the {@link RejectReason#code()} of what is wrong with the message. */
    static int check(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MIN_LENGTH)
        {
            return RejectReason.TOO_SHORT.code();
        }
        if (u16(buffer, offset + MessageHeaderDecoder.schemaIdEncodingOffset()) != MessageHeaderDecoder.SCHEMA_ID)
        {
            return RejectReason.WRONG_SCHEMA.code();
        }
        final int template = u16(buffer, offset + MessageHeaderDecoder.templateIdEncodingOffset());
        final int minBlock = blockLength(template);
        if (minBlock < 0)
        {
            return RejectReason.UNKNOWN_TEMPLATE.code();
        }
        if (u16(buffer, offset + MessageHeaderDecoder.versionEncodingOffset()) < MessageHeaderDecoder.SCHEMA_VERSION)
        {
            return RejectReason.OLD_VERSION.code();
        }
        final int block = u16(buffer, offset + MessageHeaderDecoder.blockLengthEncodingOffset());
        if (block < minBlock)
        {
            return RejectReason.SHORT_BLOCK.code();
        }
        final int body = offset + HEADER;
        final int end = offset + length;
        if (block > end - body)
        {
            return RejectReason.TRUNCATED.code();
        }
        switch (template)
        {
            case BookDeltaDecoder.TEMPLATE_ID:
            case BookSnapshotDecoder.TEMPLATE_ID:
                return checkParts(buffer, body, block, end);
            case InstrumentStatusDecoder.TEMPLATE_ID:
                return checkStatus(buffer, body);
            case InstrumentDefinitionDecoder.TEMPLATE_ID:
                return checkDefinition(buffer, body, block, end);
            default:
                return OK;
        }
    }

    /** BookDelta and BookSnapshot: the same part fields, the same levels group. */
    private static int checkParts(final DirectBuffer buffer, final int body, final int block, final int end)
    {
        final int group = body + block;
        if (GROUP_HEADER > end - group)
        {
            return RejectReason.TRUNCATED.code();
        }
        final int entry = u16(buffer, group);
        final int count = u16(buffer, group + 2);
        if (entry < LEVEL)
        {
            return RejectReason.BAD_GROUP.code();
        }
        if ((long)entry * count > end - group - GROUP_HEADER)
        {
            return RejectReason.TRUNCATED.code();
        }
        final int partIndex = u16(buffer, body + BookDeltaDecoder.partIndexEncodingOffset());
        if (partIndex >= u16(buffer, body + BookDeltaDecoder.partCountEncodingOffset()))
        {
            return RejectReason.BAD_VALUE.code();
        }
        for (int level = group + GROUP_HEADER, last = level + entry * count; level < last; level += entry)
        {
            if ((buffer.getByte(level + BookDeltaDecoder.LevelsDecoder.sideEncodingOffset()) & 0xFF) > SIDE_ASK ||
                buffer.getLong(level + BookDeltaDecoder.LevelsDecoder.priceEncodingOffset(), ByteOrder.LITTLE_ENDIAN) <= 0 ||
                buffer.getLong(level + BookDeltaDecoder.LevelsDecoder.quantityEncodingOffset(), ByteOrder.LITTLE_ENDIAN) < 0)
            {
                return RejectReason.BAD_VALUE.code();
            }
        }
        return OK;
    }

    private static int checkStatus(final DirectBuffer buffer, final int body)
    {
        return (buffer.getByte(body + InstrumentStatusDecoder.stateEncodingOffset()) & 0xFF) > STATE_MAX ||
            (buffer.getByte(body + InstrumentStatusDecoder.reasonEncodingOffset()) & 0xFF) > REASON_MAX ?
            RejectReason.BAD_VALUE.code() : OK;
    }

    /** Two length-prefixed symbols after the root block, and scales a mantissa can hold. */
    private static int checkDefinition(final DirectBuffer buffer, final int body, final int block, final int end)
    {
        final int lengthSize = InstrumentDefinitionDecoder.venueSymbolHeaderLength();
        int at = body + block;
        for (int field = 0; field < 2; field++)
        {
            if (lengthSize > end - at)
            {
                return RejectReason.TRUNCATED.code();
            }
            final int symbolLength = buffer.getByte(at) & 0xFF;
            at += lengthSize;
            if (symbolLength > end - at)
            {
                return RejectReason.TRUNCATED.code();
            }
            at += symbolLength;
        }
        return (buffer.getByte(body + InstrumentDefinitionDecoder.priceScaleEncodingOffset()) & 0xFF) >
            FixedPoint.MAX_SCALE ||
            (buffer.getByte(body + InstrumentDefinitionDecoder.qtyScaleEncodingOffset()) & 0xFF) > FixedPoint.MAX_SCALE ?
            RejectReason.BAD_VALUE.code() : OK;
    }

    /** The template's root block length, or -1 for a template this schema does not have. */
    private static int blockLength(final int template)
    {
        switch (template)
        {
            case HeartbeatDecoder.TEMPLATE_ID:
                return HeartbeatDecoder.BLOCK_LENGTH;
            case InstrumentDefinitionDecoder.TEMPLATE_ID:
                return InstrumentDefinitionDecoder.BLOCK_LENGTH;
            case InstrumentStatusDecoder.TEMPLATE_ID:
                return InstrumentStatusDecoder.BLOCK_LENGTH;
            case BookDeltaDecoder.TEMPLATE_ID:
                return BookDeltaDecoder.BLOCK_LENGTH;
            case BookSnapshotDecoder.TEMPLATE_ID:
                return BookSnapshotDecoder.BLOCK_LENGTH;
            default:
                return -1;
        }
    }

    private static int u16(final DirectBuffer buffer, final int index)
    {
        return buffer.getShort(index, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
    }
}
