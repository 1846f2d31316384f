package dev.ossconcat;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.quarkus.funqy.Funq;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.Test;

/**
 * The shape of the code, checked on the compiled main classes (CONTRIBUTING.md explains the layout):
 * <ul>
 *   <li>the core ({@code playlist}, {@code chunk}, {@code process}, {@code rules}, {@code report}, {@code json}) is pure: no I/O, no
 *       framework, no OSS SDK, only the JDK's collections and text and Jackson's tree model;
 *   <li>no two packages depend on each other, directly or through others;
 *   <li>the HTTP entry points live in {@code api} only;
 *   <li>what is deployed never depends on the development tools ({@code render}, {@code localoss}), which the
 *       Function Compute package is built without.
 * </ul>
 */
class ArchitectureTest {

    static final String[] CORE = {
        "dev.ossconcat.playlist..",
        "dev.ossconcat.chunk..",
        "dev.ossconcat.process..",
        "dev.ossconcat.rules..",
        "dev.ossconcat.report..",
        "dev.ossconcat.json.."
    };

    /** Development tools, never deployed (CONTRIBUTING.md). */
    static final String[] DEV_TOOLS = {"dev.ossconcat.render..", "dev.ossconcat.localoss.."};

    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("dev.ossconcat");

    @Test
    void theCoreIsFreeOfIoAndFrameworks() {
        classes()
                .that()
                .resideInAnyPackage(CORE)
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(
                        "java.lang..",
                        "java.util..",
                        "java.math..",
                        "java.time..", // values only: the clock itself is injected at the edges
                        "java.nio.charset..",
                        "com.fasterxml.jackson.core..",
                        "com.fasterxml.jackson.databind..",
                        "dev.ossconcat.playlist..",
                        "dev.ossconcat.chunk..",
                        "dev.ossconcat.process..",
                        "dev.ossconcat.rules..",
                        "dev.ossconcat.report..",
                        "dev.ossconcat.json..")
                .because("the core is pure: it is tested without servers and benchmarked in microseconds")
                .check(MAIN);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("dev.ossconcat.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void theRootPackageHoldsNoClasses() {
        // A class in dev.ossconcat itself belongs to no slice, so the cycle rule above could not see through it.
        noClasses()
                .should()
                .resideInAPackage("dev.ossconcat")
                .because("every class belongs to a feature package")
                .check(MAIN);
    }

    @Test
    void entryPointsLiveInApi() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.ossconcat.api..")
                .should()
                .dependOnClassesThat()
                .belongToAnyOf(Funq.class)
                .because("the HTTP surface is one package: what is public is easy to review")
                .check(MAIN);
        noClasses()
                .that()
                .resideOutsideOfPackages("dev.ossconcat.api..", "dev.ossconcat.localoss..")
                .should()
                .dependOnClassesThat()
                .belongToAnyOf(Router.class)
                .because("routes of the function are entry points too; the embedded server has a router of its own")
                .check(MAIN);
    }

    @Test
    void deployedCodeNeverNamesTheDevelopmentTools() {
        noClasses()
                .that()
                .resideOutsideOfPackages(DEV_TOOLS)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(DEV_TOOLS)
                .because("the Function Compute package is compiled without them (pom.xml, profile fc): a reference"
                        + " would break that build, or pull a development tool into the cloud")
                .check(MAIN);
    }
}
