package io.jenkins.registrypull.standin;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.Extension;
import hudson.ExtensionPoint;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.java.sezpoz.Index;
import net.java.sezpoz.IndexItem;
import org.jenkinsci.Symbol;
import org.junit.jupiter.api.Test;

/** Compiling a class with @Extension / @Symbol writes the same indexes a real plugin build writes. */
class IndexingTest {
    /** An extension point and an extension of it, compiled with the test sources. */
    public interface Greeter extends ExtensionPoint {
        String greet();
    }

    @Extension(ordinal = 7)
    @Symbol("hello")
    public static final class HelloGreeter implements Greeter {
        @Override
        public String greet() {
            return "hello";
        }
    }

    @Test
    void testExtension_isInTheSezPozIndexJenkinsReads() throws Exception {
        List<String> found = new ArrayList<>();
        double ordinal = -1;
        for (IndexItem<Extension, Object> item : Index.load(Extension.class, Object.class, getClass().getClassLoader())) {
            found.add(item.className());
            if (item.className().equals(HelloGreeter.class.getName())) {
                ordinal = item.annotation().ordinal();
                assertThat(((Greeter) item.instance()).greet()).isEqualTo("hello");
            }
        }
        assertThat(found).contains(HelloGreeter.class.getName());
        assertThat(ordinal).isEqualTo(7.0);
        assertThat(getClass().getClassLoader().getResource("META-INF/annotations/hudson.Extension")).isNotNull();
    }

    @Test
    void testSymbol_isInTheAnnotationIndexerIndex() throws Exception {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/services/annotations/org.jenkinsci.Symbol")) {
            assertThat(in).isNotNull();
            String index = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(index.lines()).contains(HelloGreeter.class.getName());
        }
    }
}
