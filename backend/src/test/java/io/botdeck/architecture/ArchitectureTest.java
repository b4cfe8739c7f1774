package io.botdeck.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package layout of the backend, checked on every build: feature packages without cycles, an
 * engine of pure Java, thin adapters that stay within their feature, and one owner of the run journal.
 * A feature is a package directly under {@code io.botdeck}; an adapter is a class named
 * {@code *Controller} (REST and GraphQL) or {@code *Handler} (WebSocket).
 */
class ArchitectureTest {

    private static JavaClasses backend;

    @BeforeAll
    static void importTheBackend() {
        backend = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.botdeck");
    }

    private static final Pattern FEATURE = Pattern.compile("^io\\.botdeck\\.([a-z0-9]+)(\\..*)?$");
    private static final Pattern ADAPTER = Pattern.compile(".*(Controller|Handler)$");
    /** The run journal (today {@code RunRecorder}, to become a {@code *Journal}), nested classes included. */
    private static final Pattern JOURNAL = Pattern.compile("^io\\.botdeck\\.run\\.(.*\\.)?[A-Za-z0-9]*(Recorder|Journal)(\\$.*)?$");

    /** The feature (first package under io.botdeck) of a class, or null outside the backend. */
    static String feature(JavaClass type) {
        JavaClass base = type.getBaseComponentType();
        var m = FEATURE.matcher(base.getPackageName());
        return m.matches() ? m.group(1) : null;
    }

    /** A REST or GraphQL controller or a WebSocket handler, or a class nested in one. */
    static boolean isAdapter(JavaClass type) {
        String name = type.getBaseComponentType().getName();
        int nested = name.indexOf('$');
        String topLevel = (nested < 0 ? name : name.substring(0, nested));
        return ADAPTER.matcher(topLevel.substring(topLevel.lastIndexOf('.') + 1)).matches();
    }

    private static final DescribedPredicate<JavaClass> ADAPTERS =
            DescribedPredicate.describe("adapters (*Controller, *Handler)", ArchitectureTest::isAdapter);

    private static ArchCondition<JavaClass> notUseTheAdaptersOfAnotherFeature() {
        return new ArchCondition<>("not use the adapters of another feature") {
            @Override
            public void check(JavaClass adapter, ConditionEvents events) {
                String own = feature(adapter);
                for (Dependency d : adapter.getDirectDependenciesFromSelf()) {
                    JavaClass target = d.getTargetClass();
                    String other = feature(target);
                    if (other != null && !other.equals(own) && isAdapter(target)) {
                        events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                    }
                }
            }
        };
    }

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("io.botdeck.(*)..").should().beFreeOfCycles().check(backend);
    }

    @Test
    void theEngineIsPureJavaOnTheNeutralVocabulary() {
        ArchRule rule = classes().that().resideInAPackage("io.botdeck.engine..")
                .should().onlyDependOnClassesThat(DescribedPredicate.describe("the engine, core or the JDK",
                        (JavaClass t) -> {
                            JavaClass base = t.getBaseComponentType();
                            String p = base.getPackageName();
                            return base.isPrimitive() || p.startsWith("java.") || p.equals("java")
                                    || p.startsWith("io.botdeck.engine") || p.startsWith("io.botdeck.core");
                        }));
        rule.check(backend);
    }

    @Test
    void theEngineImportsNoSpring() {
        noClasses().that().resideInAPackage("io.botdeck.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "reactor..", "tools.jackson..")
                .check(backend);
    }

    @Test
    void adaptersNeverUseAnotherFeaturesAdapters() {
        classes().that(ADAPTERS).should(notUseTheAdaptersOfAnotherFeature()).check(backend);
    }

    /**
     * A bean of the application: an {@code io.botdeck} class that Spring creates from a stereotype
     * ({@code @Service}, {@code @Component}, {@code @Repository}, {@code @Controller} and their
     * meta-annotated kin), i.e. something an adapter could be handed and call. Helpers an adapter
     * creates itself or calls statically (paging parsers, decimal formats) are not beans.
     */
    static boolean isApplicationBean(JavaClass type) {
        JavaClass base = type.getBaseComponentType();
        return base.getPackageName().startsWith("io.botdeck")
                && base.isMetaAnnotatedWith("org.springframework.stereotype.Component");
    }

    /** A bean, or a port (interface) of the application that a bean implements. */
    static boolean isServiceLike(JavaClass type, JavaClasses all) {
        JavaClass base = type.getBaseComponentType();
        if (isApplicationBean(base)) {
            return true;
        }
        return base.isInterface() && base.getPackageName().startsWith("io.botdeck")
                && base.getAllSubclasses().stream().anyMatch(ArchitectureTest::isApplicationBean);
    }

    /** The adapter's own top-level class name (nested classes belong to it). */
    private static String topLevel(JavaClass type) {
        String name = type.getBaseComponentType().getName();
        int nested = name.indexOf('$');
        return nested < 0 ? name : name.substring(0, nested);
    }

    /**
     * The beans an adapter and its nested classes use, other than itself: a thin adapter converts
     * and calls one service, so there is at most one.
     */
    static java.util.SortedSet<String> beansUsedBy(JavaClass adapter, JavaClasses all) {
        String own = topLevel(adapter);
        java.util.SortedSet<String> used = new java.util.TreeSet<>();
        all.stream().filter(c -> topLevel(c).equals(own)).forEach(c -> c.getDirectDependenciesFromSelf().forEach(d -> {
            JavaClass target = d.getTargetClass().getBaseComponentType();
            if (isServiceLike(target, all) && !topLevel(target).equals(own)) {
                used.add(target.getName());
            }
        }));
        return used;
    }

    static ArchCondition<JavaClass> callAtMostOneService(JavaClasses all) {
        return new ArchCondition<>("call at most one service (one application bean)") {
            @Override
            public void check(JavaClass adapter, ConditionEvents events) {
                var used = beansUsedBy(adapter, all);
                if (used.size() > 1) {
                    events.add(SimpleConditionEvent.violated(adapter,
                            adapter.getName() + " uses " + used.size() + " services: " + used));
                }
            }
        };
    }

    @Test
    void everyAdapterCallsOneService() {
        assertThat(backend.stream().filter(c -> isAdapter(c) && !c.getName().contains("$"))
                .anyMatch(c -> beansUsedBy(c, backend).size() == 1))
                .as("adapters and the services they use are found, so the rule guards something").isTrue();
        classes().that(ADAPTERS).and().areTopLevelClasses()
                .should(callAtMostOneService(backend))
                .because("an adapter converts and calls one service; composing services is the service's job")
                .check(backend);
    }

    @Test
    void noAdapterTalksToARepositoryOrTheDatabase() {
        noClasses().that(ADAPTERS)
                .should().dependOnClassesThat().haveSimpleNameEndingWith("Repository")
                .orShould().dependOnClassesThat().resideInAnyPackage("org.springframework.r2dbc..", "io.r2dbc..")
                .check(backend);
    }

    @Test
    void nothingOutsideRunDrivesTheJournal() {
        assertThat(backend.stream().anyMatch(c -> JOURNAL.matcher(c.getName()).matches()))
                .as("the journal is found by its name, so the rule guards something").isTrue();
        noClasses().that().resideOutsideOfPackage("io.botdeck.run..")
                .should().dependOnClassesThat().haveNameMatching(JOURNAL.pattern())
                .check(backend);
    }

    @Test
    void runsReachSessionStateOnlyThroughTheirPort() {
        noClasses().that().resideInAPackage("io.botdeck.run..")
                .should().dependOnClassesThat().haveFullyQualifiedName("io.botdeck.session.SessionService")
                .because("a run changes its session only through RunControl, never the service's API")
                .check(backend);
    }
}
