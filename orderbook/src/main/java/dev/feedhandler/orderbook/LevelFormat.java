package dev.feedhandler.orderbook;

/**
 * How a venue wrote one price level as text, packed in an {@code int}: the number of fraction digits of the price
 * (bits 0..7) and of the quantity (bits 8..15). With the mantissa this rebuilds the venue's original decimal text
 * exactly, as long as the text was plain (no sign, no exponent, no redundant leading zeros): the decoders that
 * record formats refuse anything else. Venues whose checksums run over original strings (OKX) need it; 0 means
 * "no fraction digits".
 */
public final class LevelFormat
{
    /** No format recorded (and, equally, no fraction digits on either value). */
    public static final int NONE = 0;
    /** Fraction digits above this are not representable (and never sent by any venue). */
    public static final int MAX_DIGITS = 255;

    private LevelFormat()
    {
    }

    public static int of(final int priceFractionDigits, final int quantityFractionDigits)
    {
        return (priceFractionDigits & 0xFF) | (quantityFractionDigits & 0xFF) << 8;
    }

    public static int priceDigits(final int format)
    {
        return format & 0xFF;
    }

    public static int quantityDigits(final int format)
    {
        return (format >>> 8) & 0xFF;
    }
}
