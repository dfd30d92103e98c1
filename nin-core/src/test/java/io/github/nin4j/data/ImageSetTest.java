package io.github.nin4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.nin4j.base.InvalidInputException;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class ImageSetTest {

    private static final byte[] PIXELS = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

    @Test
    void holdsImagesRowMajorWithTheirLabels() {
        ImageSet set = ImageSet.of(PIXELS, new byte[] {9, 0, 3}, 2, 2);
        assertThat(set.size()).isEqualTo(3);
        assertThat(set.image(1)).containsExactly(5, 6, 7, 8);
        assertThat(set.label(0)).isEqualTo(9);
        assertThat(set.classCounts()).containsExactly(1, 0, 0, 1, 0, 0, 0, 0, 0, 1);
    }

    @Test
    void copiesInAndOut() {
        byte[] pixels = PIXELS.clone();
        ImageSet set = ImageSet.of(pixels, new byte[] {0, 1, 2}, 2, 2);
        pixels[0] = 99;
        set.image(0)[1] = 99;
        assertThat(set.image(0)).containsExactly(1, 2, 3, 4);
    }

    @Test
    void limitKeepsTheFirstImages() {
        ImageSet set = ImageSet.of(PIXELS, new byte[] {4, 5, 6}, 2, 2);
        ImageSet two = set.limit(2);
        assertThat(two.size()).isEqualTo(2);
        assertThat(two.label(1)).isEqualTo(5);
        assertThat(two.classCounts()).containsExactly(0, 0, 0, 0, 1, 1, 0, 0, 0, 0);
        assertThatThrownBy(() -> two.image(2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(set.limit(3)).isSameAs(set);
        assertThat(set.limit(1000)).isSameAs(set);
        assertThatThrownBy(() -> set.limit(-1)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void rejectsLengthsThatDisagreeAndLabelsOutsideTheClasses() {
        assertThatThrownBy(() -> ImageSet.of(PIXELS, new byte[] {0, 1}, 2, 2))
                .hasMessage("2 labels need 8 bytes of 2x2 pixels, got 12");
        assertThatThrownBy(() -> ImageSet.of(PIXELS, new byte[] {0, 10, 1}, 2, 2))
                .hasMessage("label 10 of image 1 is outside 0-9");
    }

    @Test
    void threeChannelImagesAreStoredChannelAfterChannel() {
        // Two 1x2 RGB images: channel c of image i holds 10i + c and 10i + c + 5.
        byte[] pixels = {0, 5, 1, 6, 2, 7, 10, 15, 11, 16, 12, 17};
        ImageSet set =
                ImageSet.builder()
                        .setPixels(pixels)
                        .setLabels(new int[] {1, 0})
                        .setShape(3, 1, 2)
                        .build();
        pixels[6] = 99;
        assertThat(set.channels()).isEqualTo(3);
        assertThat(set.classes()).isEqualTo(2);
        assertThat(set.image(1)).containsExactly(10, 15, 11, 16, 12, 17);
        ImageSet first = set.limit(1);
        assertThat(first.channels()).isEqualTo(3);
        assertThat(first.classCounts()).containsExactly(0, 1);
        FloatBuffer scaled = FloatBuffer.allocate(7).position(1);
        set.copyScaled(1, scaled, new byte[6]);
        assertThat(scaled.position()).isEqualTo(7);
        assertThat(scaled.get(1)).isEqualTo(10 / 255f);
        assertThat(scaled.get(6)).isEqualTo(17 / 255f);
        assertThatThrownBy(
                        () ->
                                ImageSet.builder()
                                        .setPixels(pixels)
                                        .setLabels(new int[] {0})
                                        .setShape(3, 1, 2)
                                        .build())
                .hasMessage("1 labels need 6 bytes of 3x1x2 pixels, got 12");
    }

    @Test
    void anyNumberOfClassesGivenOrInferred() {
        int[] labels = {11, 0, 3};
        ImageSet inferred =
                ImageSet.builder().setPixels(PIXELS).setLabels(labels).setShape(1, 2, 2).build();
        assertThat(inferred.classes()).isEqualTo(12);
        assertThat(inferred.label(0)).isEqualTo(11);
        assertThat(inferred.classCounts()).containsExactly(1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1);
        ImageSet given =
                ImageSet.builder()
                        .setPixels(PIXELS)
                        .setLabels(labels)
                        .setShape(1, 2, 2)
                        .optClasses(15)
                        .build();
        assertThat(given.classCounts()).hasSize(15);
        assertThatThrownBy(
                        () ->
                                ImageSet.builder()
                                        .setPixels(PIXELS)
                                        .setLabels(labels)
                                        .setShape(1, 2, 2)
                                        .optClasses(11)
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("label 11 of image 0 is outside 0-10");
        assertThatThrownBy(() -> ImageSet.builder().setPixels(PIXELS).setLabels(labels).build())
                .hasMessage("setShape is required");
        // The one-channel factory keeps Fashion-MNIST's ten classes, whatever labels it sees.
        assertThat(ImageSet.of(PIXELS, new byte[] {0, 1, 2}, 2, 2).classes()).isEqualTo(10);
    }

    @Test
    void classNamesFollowD2l() {
        assertThat(FashionMnistClass.of(0).label()).isEqualTo("t-shirt");
        assertThat(FashionMnistClass.of(9).label()).isEqualTo("ankle boot");
        assertThat(FashionMnistClass.values())
                .extracting(FashionMnistClass::label)
                .containsExactly(
                        "t-shirt",
                        "trouser",
                        "pullover",
                        "dress",
                        "coat",
                        "sandal",
                        "shirt",
                        "sneaker",
                        "bag",
                        "ankle boot");
        assertThatThrownBy(() -> FashionMnistClass.of(10))
                .isInstanceOf(InvalidInputException.class);
    }
}
