package io.yutang.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.yutang.YutangApplication;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.web.bind.annotation.RestController;

/** Keeps the module rules of the README's architecture section true on every build. */
class ArchitectureTest {

    private static final JavaClasses YUTANG = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("io.yutang");

    @Test
    void modulesHaveNoCyclesAndTouchOnlyEachOthersApi() {
        ApplicationModules modules = ApplicationModules.of(YutangApplication.class);
        assertThat(modules.stream().map(module -> module.getIdentifier().toString()))
                .containsExactlyInAnyOrder("gateway", "referral", "livestream", "content");
        modules.verify();
    }

    @Test
    void nothingDependsOnTheGateway() {
        noClasses().that().resideInAnyPackage("io.yutang.referral..", "io.yutang.livestream..",
                        "io.yutang.content..")
                .should().dependOnClassesThat().resideInAPackage("io.yutang.gateway..")
                .check(YUTANG);
    }

    @Test
    void referralDependsOnNoOtherModule() {
        noClasses().that().resideInAPackage("io.yutang.referral..")
                .should().dependOnClassesThat().resideInAnyPackage("io.yutang.livestream..",
                        "io.yutang.content..")
                .check(YUTANG);
    }

    @Test
    void livestreamAndContentDoNotDependOnEachOther() {
        noClasses().that().resideInAPackage("io.yutang.livestream..")
                .should().dependOnClassesThat().resideInAPackage("io.yutang.content..")
                .check(YUTANG);
        noClasses().that().resideInAPackage("io.yutang.content..")
                .should().dependOnClassesThat().resideInAPackage("io.yutang.livestream..")
                .check(YUTANG);
    }

    @Test
    void aModulesApiHoldsNoSqlAndNoEndpoints() {
        noClasses().that().resideInAnyPackage("io.yutang.referral", "io.yutang.livestream", "io.yutang.content")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.r2dbc..", "io.r2dbc..")
                .because("SQL belongs to the table's store inside the module, not to its public API")
                .check(YUTANG);
        noClasses().that().resideInAnyPackage("io.yutang.referral", "io.yutang.livestream", "io.yutang.content")
                .should().beAnnotatedWith(RestController.class)
                .because("endpoints are internal to the feature that serves them")
                .check(YUTANG);
    }

    @Test
    void onlyTheGatewayUsesWxJava() {
        noClasses().that().resideOutsideOfPackage("io.yutang.gateway..")
                .should().dependOnClassesThat().resideInAnyPackage("me.chanjar.weixin..",
                        "com.github.binarywang..")
                .check(YUTANG);
    }
}
