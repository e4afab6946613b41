// Stand-in for the processor of org.jenkins-ci:annotation-indexer:1.18 (same output as the real one).
package org.jvnet.hudson.annotation_indexer;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * For every annotation type meta-annotated with {@link Indexed}, writes the binary names of the classes that use it
 * (the class itself, or the class declaring an annotated member) to {@code META-INF/services/annotations/<annotation>},
 * one per line, sorted, merged with an index left by an earlier incremental compile. This is what Jenkins'
 * {@code Index.list(...)} reads, e.g. for {@code @Symbol}.
 */
@SupportedAnnotationTypes("*")
public class AnnotationProcessorImpl extends AbstractProcessor {
    private static final String PREFIX = "META-INF/services/annotations/";

    private final Map<String, Set<String>> classesByAnnotation = new TreeMap<>();
    private final Map<String, List<Element>> originatingByAnnotation = new TreeMap<>();

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latest();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment roundEnv) {
        if (roundEnv.processingOver()) {
            writeIndexes();
            return false;
        }
        for (TypeElement annotation : annotations) {
            if (annotation.getAnnotation(Indexed.class) == null) {
                continue;
            }
            String annotationName = processingEnv.getElementUtils().getBinaryName(annotation).toString();
            Set<String> classes = classesByAnnotation.computeIfAbsent(annotationName, k -> new TreeSet<>());
            List<Element> originating = originatingByAnnotation.computeIfAbsent(annotationName, k -> new ArrayList<>());
            for (Element element : roundEnv.getElementsAnnotatedWith(annotation)) {
                TypeElement type = enclosingType(element);
                if (type != null) {
                    classes.add(processingEnv.getElementUtils().getBinaryName(type).toString());
                    originating.add(element);
                }
            }
        }
        return false;
    }

    private static TypeElement enclosingType(Element element) {
        Element e = element;
        while (e != null && !(e instanceof TypeElement)) {
            e = e.getEnclosingElement();
        }
        return (TypeElement) e;
    }

    private void writeIndexes() {
        for (Map.Entry<String, Set<String>> entry : classesByAnnotation.entrySet()) {
            String path = PREFIX + entry.getKey();
            Set<String> classes = new TreeSet<>(entry.getValue());
            for (String existing : loadExisting(path)) {
                // keep entries of an earlier incremental compile, unless the class is gone
                if (processingEnv.getElementUtils().getTypeElement(existing.replace('$', '.')) != null) {
                    classes.add(existing);
                }
            }
            try {
                FileObject out = processingEnv.getFiler().createResource(StandardLocation.CLASS_OUTPUT, "", path,
                        originatingByAnnotation.get(entry.getKey()).toArray(new Element[0]));
                try (PrintWriter w = new PrintWriter(out.openWriter())) {
                    for (String c : classes) {
                        w.println(c);
                    }
                }
            } catch (IOException x) {
                processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "Failed to write " + path + ": " + x);
            }
        }
    }

    private List<String> loadExisting(String path) {
        List<String> result = new ArrayList<>();
        try {
            FileObject in = processingEnv.getFiler().getResource(StandardLocation.CLASS_OUTPUT, "", path);
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in.openInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (!line.isBlank()) {
                        result.add(line.trim());
                    }
                }
            }
        } catch (FileNotFoundException | NoSuchFileException x) {
            // no earlier index
        } catch (IOException | IllegalArgumentException x) {
            // not readable in this compiler configuration: start afresh
        }
        return result;
    }
}
