package dev.feedhandler.benchmarks.plot;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks on a written PNG file. */
final class Png
{
    /** Every PNG file starts with these 8 bytes. */
    static final byte[] SIGNATURE = {(byte)0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private Png()
    {
    }

    /**
     * Asserts the file is a PNG image of the given size, and returns it decoded.
     *
     * @param file   the file.
     * @param width  the expected width in pixels.
     * @param height the expected height in pixels.
     * @return the image.
     * @throws IOException if it cannot be read.
     */
    static BufferedImage assertPng(final Path file, final int width, final int height) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(file);
        assertThat(Arrays.copyOf(bytes, SIGNATURE.length)).as("PNG signature of %s", file).isEqualTo(SIGNATURE);
        final BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image).as("decodable %s", file).isNotNull();
        assertThat(image.getWidth()).isEqualTo(width);
        assertThat(image.getHeight()).isEqualTo(height);
        return image;
    }

    /**
     * @param image an image.
     * @param rgb   a colour, {@code 0xRRGGBB}.
     * @return how many pixels have exactly that colour.
     */
    static int pixelsOf(final BufferedImage image, final int rgb)
    {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++)
        {
            for (int x = 0; x < image.getWidth(); x++)
            {
                if ((image.getRGB(x, y) & 0xFFFFFF) == rgb)
                {
                    count++;
                }
            }
        }
        return count;
    }

    /**
     * @param image an image.
     * @return how many different colours it has.
     */
    static int colours(final BufferedImage image)
    {
        final Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y++)
        {
            for (int x = 0; x < image.getWidth(); x++)
            {
                colours.add(image.getRGB(x, y) & 0xFFFFFF);
            }
        }
        return colours.size();
    }
}
