// Decodes every JPEG under a folder with three decoders, in turn, round after round, and prints
// images per second: the JDK's ImageIO, TwelveMonkeys' ImageIO JPEG plugin, and OpenCV
// (org.openpnp:opencv). Each image is decoded from bytes already in memory, then shrunk to a
// side by area averaging the way the image cache stores it is not included: decoding alone.
//
//   java -cp "$(cat cp.txt)" bench/DecoderBench.java DIR ROUNDS
//
// with the class path holding imageio-jpeg, imageio-core, imageio-metadata, common-lang,
// common-io, common-image (TwelveMonkeys) and opencv (openpnp). One thread: the image cache
// decodes one image per core, so the per-core rate is what compares.
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

public class DecoderBench {

    interface Decoder {
        long decode(byte[] jpeg) throws Exception;
    }

    static Decoder imageio(String readerClass) {
        return jpeg -> {
            try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
                Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
                while (readers.hasNext()) {
                    ImageReader reader = readers.next();
                    if (reader.getClass().getName().equals(readerClass)) {
                        reader.setInput(in, true, true);
                        BufferedImage image = reader.read(0);
                        reader.dispose();
                        return (long) image.getWidth() * image.getHeight();
                    }
                    reader.dispose();
                }
                throw new IllegalStateException("no reader " + readerClass);
            }
        };
    }

    static Decoder opencv() throws Exception {
        Class<?> loader = Class.forName("nu.pattern.OpenCV");
        loader.getMethod("loadLocally").invoke(null);
        Class<?> mat = Class.forName("org.opencv.core.Mat");
        Class<?> matOfByte = Class.forName("org.opencv.core.MatOfByte");
        Class<?> codecs = Class.forName("org.opencv.imgcodecs.Imgcodecs");
        var imdecode = codecs.getMethod("imdecode", mat, int.class);
        var rows = mat.getMethod("rows");
        var cols = mat.getMethod("cols");
        var release = mat.getMethod("release");
        var ctor = matOfByte.getConstructor(byte[].class);
        return jpeg -> {
            Object buffer = ctor.newInstance((Object) jpeg);
            Object image = imdecode.invoke(null, buffer, 1);
            long pixels = (long) (int) rows.invoke(image) * (int) cols.invoke(image);
            release.invoke(image);
            release.invoke(buffer);
            return pixels;
        };
    }

    public static void main(String[] args) throws Exception {
        List<byte[]> files;
        try (Stream<Path> walk = Files.walk(Path.of(args[0]))) {
            files =
                    walk.filter(p -> p.toString().toLowerCase().endsWith(".jpg"))
                            .sorted()
                            .map(
                                    p -> {
                                        try {
                                            return Files.readAllBytes(p);
                                        } catch (Exception e) {
                                            throw new RuntimeException(e);
                                        }
                                    })
                            .toList();
        }
        int rounds = Integer.parseInt(args[1]);
        String[] names = {"jdk", "twelvemonkeys", "opencv"};
        Decoder[] decoders = {
            imageio("com.sun.imageio.plugins.jpeg.JPEGImageReader"),
            imageio("com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReader"),
            opencv()
        };
        System.out.printf("%d JPEGs, %d rounds, one thread%n", files.size(), rounds);
        for (int round = 0; round <= rounds; round++) {
            StringBuilder line = new StringBuilder(round == 0 ? "warm-up" : "round " + round);
            for (int d = 0; d < decoders.length; d++) {
                long start = System.nanoTime();
                long pixels = 0;
                for (byte[] jpeg : files) {
                    pixels += decoders[d].decode(jpeg);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                line.append(String.format("  %s %.1f images/s (%.0f Mpixel/s)", names[d], files.size() / seconds, pixels / seconds / 1e6));
            }
            System.out.println(line);
        }
    }
}
