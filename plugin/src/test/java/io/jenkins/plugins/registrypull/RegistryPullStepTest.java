package io.jenkins.plugins.registrypull;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.verb.POST;

/** The step's shape (what Pipeline, the Snippet Generator and Stapler rely on) and its descriptor's validation. */
class RegistryPullStepTest {
    private final RegistryPullStep.DescriptorImpl descriptor = new RegistryPullStep.DescriptorImpl();
    /** The form of the step's fields: checks and dropdowns are ImageToPull's. */
    private final ImageToPull.DescriptorImpl image = new ImageToPull.DescriptorImpl();

    @Test
    void testStep_isAFinalStepWithTheImageAsOnlyRequiredArgument() throws Exception {
        assertThat(Step.class).isAssignableFrom(RegistryPullStep.class);
        assertThat(Modifier.isFinal(RegistryPullStep.class.getModifiers())).isTrue();
        Constructor<?> c = RegistryPullStep.class.getConstructor(String.class);
        assertThat(c.isAnnotationPresent(DataBoundConstructor.class)).isTrue();
        assertThat(c.getParameters()[0].getName()).as("compiled with -parameters, bound by name").isEqualTo("image");
    }

    @Test
    void testStep_optionalArgumentsAreDataBoundSetters() {
        List<String> setters = Arrays.stream(RegistryPullStep.class.getMethods())
                .filter(m -> m.isAnnotationPresent(DataBoundSetter.class)).map(Method::getName).sorted()
                .collect(Collectors.toList());
        assertThat(setters).containsExactly("setCaCertificateId", "setCredentialsId", "setDigest", "setInsecure", "setPath",
                "setPlatform", "setRequireDigest", "setRequireSignature", "setTarget", "setTimeout", "setVerifyKeyId");
    }

    @Test
    void testSetters_fixEmptyAndTrim() {
        RegistryPullStep s = new RegistryPullStep("  reg.example.com/app:1  ");
        s.setCredentialsId("  ");
        s.setPlatform(" linux/amd64 ");
        s.setTarget("");
        s.setPath(null);
        s.setDigest(" ");
        s.setCaCertificateId(" ca ");
        assertThat(s.getImage()).isEqualTo("reg.example.com/app:1");
        assertThat(s.getCredentialsId()).isNull();
        assertThat(s.getPlatform()).isEqualTo("linux/amd64");
        assertThat(s.getTarget()).isNull();
        assertThat(s.getPath()).isNull();
        assertThat(s.getDigest()).isNull();
        assertThat(s.getCaCertificateId()).isEqualTo("ca");
    }

    @Test
    void testDescriptor_functionNameSymbolDisplayNameAndContext() {
        assertThat(descriptor.getFunctionName()).isEqualTo("registryPull");
        assertThat(RegistryPullStep.DescriptorImpl.class.getAnnotation(Symbol.class).value()).containsExactly("registryPull");
        assertThat(descriptor.getDisplayName()).isEqualTo(Messages.RegistryPullStep_DisplayName());
        assertThat(new java.util.HashSet<Object>(descriptor.getRequiredContext())).containsExactlyInAnyOrder(Run.class, FilePath.class, Launcher.class,
                TaskListener.class, EnvVars.class);
        assertThat(descriptor.takesImplicitBlockArgument()).isFalse();
    }

    @Test
    void testArgumentsToString_showsTheImageOnly() {
        assertThat(descriptor.argumentsToString(java.util.Map.of("image", "reg.example.com/app:1", "credentialsId", "reg")))
                .isEqualTo("reg.example.com/app:1");
        assertThat(descriptor.argumentsToString(java.util.Map.of("credentialsId", "reg"))).isNull();
    }

    @Test
    void testDescriptor_webMethodsArePost_andWrittenOnceInImageToPull() {
        List<Method> web = Arrays.stream(ImageToPull.DescriptorImpl.class.getDeclaredMethods())
                .filter(m -> m.getName().startsWith("doFill") || m.getName().startsWith("doCheck")).collect(Collectors.toList());
        assertThat(web).hasSizeGreaterThanOrEqualTo(12).allSatisfy(m -> assertThat(m.isAnnotationPresent(POST.class)).as(m.getName()).isTrue());
        assertThat(RegistryPullStep.DescriptorImpl.class.getDeclaredMethods())
                .noneMatch(m -> m.getName().startsWith("doFill") || m.getName().startsWith("doCheck"));
    }

    @Test
    void testStep_passesItsArgumentsToOneImageToPull() {
        RegistryPullStep s = new RegistryPullStep("reg.example.com/app:1");
        s.setCredentialsId("reg");
        s.setTimeout(5);
        s.setRequireDigest(true);
        assertThat(s.getPull().getImage()).isEqualTo("reg.example.com/app:1");
        assertThat(s.getPull().getCredentialsId()).isEqualTo("reg");
        assertThat(s.getPull().getTimeout()).isEqualTo(5);
        assertThat(s.getPull().isRequireDigest()).isTrue();
    }

    @Test
    void testDoCheckTimeout_minutesInRange() {
        assertThat(image.doCheckTimeout("").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(image.doCheckTimeout("0").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(image.doCheckTimeout("10080").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(image.doCheckTimeout("10081").getMessage()).startsWith("timeout: 10081 is not accepted: give whole minutes");
        assertThat(image.doCheckTimeout("ten").getMessage()).startsWith("timeout: ten is not accepted");
        assertThat(image.doCheckTimeout("-1").kind).isEqualTo(FormValidation.Kind.ERROR);
    }

    @Test
    void testDoCheckImage_usesTheEngineParser() {
        assertThat(image.doCheckImage("reg.example.com/team/app:1.2").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(image.doCheckImage("ubuntu").getMessage()).contains("docker.io/library/ubuntu:latest");
        FormValidation bad = image.doCheckImage("reg.example.com/Team/app");
        assertThat(bad.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(bad.getMessage()).contains("image: ").contains("lowercase");
        assertThat(image.doCheckImage("").kind).isEqualTo(FormValidation.Kind.ERROR);
    }

    @Test
    void testDoCheck_platformDigestPath() {
        assertThat(image.doCheckPlatform("linux/arm/v7").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(image.doCheckPlatform("").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(image.doCheckPlatform("arm").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(image.doCheckDigest("sha256:" + "0".repeat(64)).kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(image.doCheckDigest("md5:abc").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(image.doCheckPath("images/app", "oci").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(image.doCheckPath("../app", "oci").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(image.doCheckPath("app", "docker").kind).isEqualTo(FormValidation.Kind.ERROR);
    }

    @Test
    void testDoFillTargetItems_offersAutoAndEveryTarget() {
        assertThat(image.doFillTargetItems()).extracting(o -> o.value)
                .containsExactly("", "docker", "podman", "oci", "docker-archive");
    }

    @Test
    void testExecution_holdsTheStepTransientlyAndHasASerialVersionUid() throws Exception {
        assertThat(SynchronousNonBlockingStepExecution.class).isAssignableFrom(RegistryPullStepExecution.class);
        Field step = RegistryPullStepExecution.class.getDeclaredField("step");
        assertThat(Modifier.isTransient(step.getModifiers())).isTrue();
        Field uid = RegistryPullStepExecution.class.getDeclaredField("serialVersionUID");
        assertThat(Modifier.isStatic(uid.getModifiers()) && Modifier.isFinal(uid.getModifiers())).isTrue();
    }
}
