package io.github.nin4j;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import ai.djl.Model;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures;
import io.github.nin4j.torch.TorchEngineAdapter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The library's packages depend on each other in one direction only: no cycles, and no package uses
 * one above it in {@link #LAYERS}. A new package must be placed in the order here.
 */
class ArchitectureTest {

    private static final String ROOT = "io.github.nin4j";

    /** Bottom to top: each package may use those below it, and no other. */
    private static final List<String> LAYERS =
            List.of(
                    "base",
                    "torch",
                    "machine",
                    "model",
                    "precision",
                    "engine",
                    "compute",
                    "data",
                    "report",
                    "train",
                    "train.listener",
                    "interop",
                    "inference",
                    "bench",
                    "experiment",
                    "cluster");

    private static final JavaClasses MAIN =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages(ROOT);

    private static String packageOf(String layer) {
        return ROOT + "." + layer;
    }

    /** A layer is its package and, for a package with no layer below it, its sub-packages. */
    private static String definition(String layer) {
        boolean hasSubLayer = LAYERS.stream().anyMatch(l -> l.startsWith(layer + "."));
        return hasSubLayer ? packageOf(layer) : packageOf(layer) + "..";
    }

    @Test
    void noCyclesBetweenPackages() {
        slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void noPackageUsesOneAboveIt() {
        Architectures.LayeredArchitecture layers =
                Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String layer : LAYERS) {
            layers = layers.layer(layer).definedBy(definition(layer));
        }
        for (int i = 0; i < LAYERS.size() - 1; i++) {
            layers =
                    layers.whereLayer(LAYERS.get(i))
                            .mayOnlyBeAccessedByLayers(
                                    LAYERS.subList(i + 1, LAYERS.size()).toArray(String[]::new));
        }
        layers = layers.whereLayer(LAYERS.get(LAYERS.size() - 1)).mayNotBeAccessedByAnyLayer();
        layers.check(MAIN);
    }

    @Test
    void everyPackageHasAPlaceInTheOrder() {
        classes()
                .that()
                .resideInAPackage(ROOT + "..")
                .and()
                .resideOutsideOfPackage(ROOT)
                .should()
                .resideInAnyPackage(
                        LAYERS.stream().map(l -> packageOf(l) + "..").toArray(String[]::new))
                .check(MAIN);
    }

    /**
     * The library imposes neither the command line's parser and progress bar nor a logging binding;
     * its pom leaves them out, and this keeps a dependency added back from going unseen.
     */
    @Test
    void theLibraryUsesNoneOfTheApplicationsLibraries() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "picocli..",
                        "me.tongfei.progressbar..",
                        "org.slf4j.simple..",
                        "org.jline..")
                .check(MAIN);
    }

    /**
     * DJL's PyTorch engine is reached past DJL's public API in one class only, so that the engine's
     * internals can change, or another engine come in, in one place.
     */
    @Test
    void onlyTheAdapterUsesTheEnginesOwnClasses() {
        noClasses()
                .that()
                .doNotBelongToAnyOf(TorchEngineAdapter.class)
                .should()
                .dependOnClassesThat()
                .resideInAPackage("ai.djl.pytorch..")
                .check(MAIN);
    }

    /**
     * DJL models are made in one place for the network, which builds the network into them, and in
     * the engine adapter for TorchScript modules.
     */
    @Test
    void onlyTheAdapterMakesDjlModels() {
        noClasses()
                .that()
                .doNotBelongToAnyOf(TorchEngineAdapter.class)
                .should()
                .callMethodWhere(
                        DescribedPredicate.describe(
                                "Model.newInstance",
                                (JavaMethodCall call) ->
                                        call.getTargetOwner().isEquivalentTo(Model.class)
                                                && call.getName().equals("newInstance")))
                .check(MAIN);
    }
}
