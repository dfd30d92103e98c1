package io.github.nin4j.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The application, too, reaches DJL's PyTorch engine only through DJL's public API and nin-core
 * (whose {@code TorchEngineAdapter} is the one class that uses the engine's own classes).
 */
class EngineBoundaryTest {

    /** The module's own classes, as Maven compiled them (surefire runs in the module's folder). */
    @Test
    void theApplicationUsesNoneOfTheEnginesOwnClasses() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("ai.djl.pytorch..")
                .check(new ClassFileImporter().importPath(Path.of("target/classes")));
    }
}
