package io.jenkins.registrypull.standin;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeParameterTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Every stand-in type and member has the signature of the real one. {@code real-signatures.txt} holds, for each type
 * and member a stand-in declares, the signature read from the real sources of the version named in the stand-in's
 * first line, normalized by {@link #parse} (package, kind, modifiers, type parameters, supertypes, parameter and
 * return types, throws, and the annotations that matter: nullness, {@code @Deprecated}, {@code @Restricted}, the
 * Stapler meta-annotations...). This test normalizes the stand-ins the same way and compares. A stand-in may leave
 * out members and supertypes, never differ. To add a stand-in, regenerate the manifest from the real sources with
 * {@link #main} (docs/architecture.md, "Jenkins stand-ins").
 */
class SignatureManifestTest {
    private static final Set<String> RELEVANT = Set.of(
            "edu.umd.cs.findbugs.annotations.NonNull", "edu.umd.cs.findbugs.annotations.CheckForNull",
            "edu.umd.cs.findbugs.annotations.Nullable", "javax.annotation.Nonnull", "javax.annotation.CheckForNull",
            "javax.annotation.Nullable", "java.lang.Deprecated", "java.lang.annotation.Retention",
            "java.lang.annotation.Target", "java.lang.annotation.Documented", "java.lang.annotation.Inherited",
            "net.java.sezpoz.Indexable", "org.jvnet.hudson.annotation_indexer.Indexed", "java.lang.SafeVarargs",
            "java.lang.FunctionalInterface", "org.kohsuke.stapler.interceptor.InterceptorAnnotation",
            "org.kohsuke.stapler.interceptor.RespondSuccess", "org.kohsuke.stapler.InjectedParameter",
            "org.kohsuke.accmod.Restricted");
    private static final Set<String> WITH_ARGS = Set.of("Retention", "Target", "Restricted", "InterceptorAnnotation", "InjectedParameter");
    private static final Set<String> JAVA_LANG = Set.of("Deprecated", "SafeVarargs", "FunctionalInterface", "Override", "SuppressWarnings");
    private static final List<String> ORDER = List.of("package", "public", "protected", "private", "abstract", "default", "static", "final");
    private static final Pattern QUALIFIER = Pattern.compile("\\b(?:[A-Za-z_][A-Za-z0-9_]*\\.)+(?=[A-Za-z_])");

    /** Real supertypes that are ancestors of a real direct supertype (checked in the real sources). */
    private static final Map<String, Set<String>> TRANSITIVE = Map.of(
            "hudson.model.Actionable", Set.of("ModelObject"),
            "hudson.model.Node", Set.of("ModelObject"));

    record TypeInfo(String header, List<String> supers, Map<String, String> members) {
    }

    @Test
    void everyStandInSignatureIsTheRealOne() throws IOException {
        Map<String, TypeInfo> standIns = parseTree(Paths.get("src/main/java"));
        Map<String, TypeInfo> real = readManifest();
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, TypeInfo> e : standIns.entrySet()) {
            TypeInfo s = e.getValue();
            TypeInfo r = real.get(e.getKey());
            if (r == null) {
                differences.add(e.getKey() + ": not in the manifest (a real type of the named version?)");
                continue;
            }
            if (!r.header.equals(s.header)) {
                differences.add(e.getKey() + ": " + s.header + "  REAL  " + r.header);
            }
            for (String sup : s.supers) {
                if (!r.supers.contains(sup) && !TRANSITIVE.getOrDefault(e.getKey(), Set.of()).contains(sup)) {
                    differences.add(e.getKey() + ": supertype " + sup + " is not among the real " + r.supers);
                }
            }
            for (Map.Entry<String, String> m : s.members.entrySet()) {
                String rs = r.members.get(m.getKey());
                if (!m.getValue().equals(rs)) {
                    differences.add(e.getKey() + "#" + m.getKey() + ": " + m.getValue() + "  REAL  " + (rs == null ? "(none)" : rs));
                }
            }
        }
        assertThat(differences).as("stand-in signatures that differ from the real ones").isEmpty();
        assertThat(standIns).hasSizeGreaterThan(150);
    }

    /** Writes the manifest: args = stand-in source root, real source root (same relative paths), output file. */
    public static void main(String[] args) throws IOException {
        Path standInRoot = Paths.get(args[0]);
        Path realRoot = Paths.get(args[1]);
        StringBuilder out = new StringBuilder("# Real signatures of the types and members the stand-ins declare (SignatureManifestTest).\n");
        for (Path f : javaFiles(standInRoot)) {
            Path realFile = realRoot.resolve(standInRoot.relativize(f).toString());
            Map<String, TypeInfo> real = Files.exists(realFile) ? parse(realFile) : Map.of();
            for (Map.Entry<String, TypeInfo> e : parse(f).entrySet()) {
                TypeInfo r = real.get(e.getKey());
                if (r == null) {
                    continue;
                }
                out.append("T\t").append(e.getKey()).append('\t').append(r.header).append('\t').append(String.join(";", r.supers)).append('\n');
                for (String key : e.getValue().members.keySet()) {
                    if (r.members.containsKey(key)) {
                        out.append("M\t").append(e.getKey()).append('\t').append(key).append('\t').append(r.members.get(key)).append('\n');
                    }
                }
            }
        }
        Files.writeString(Paths.get(args[2]), out, StandardCharsets.UTF_8);
    }

    private static Map<String, TypeInfo> readManifest() throws IOException {
        Map<String, TypeInfo> r = new HashMap<>();
        try (InputStream in = SignatureManifestTest.class.getResourceAsStream("real-signatures.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] f = line.split("\t", -1);
                if (f[0].equals("T")) {
                    r.put(f[1], new TypeInfo(f[2], f[3].isEmpty() ? List.of() : List.of(f[3].split(";")), new HashMap<>()));
                } else if (f[0].equals("M")) {
                    r.get(f[1]).members.put(f[2], f[3]);
                }
            }
        }
        return r;
    }

    private static List<Path> javaFiles(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !root.relativize(p).startsWith(Paths.get("io/jenkins/registrypull/standin")))
                    .sorted().toList();
        }
    }

    private static Map<String, TypeInfo> parseTree(Path root) throws IOException {
        Map<String, TypeInfo> all = new TreeMap<>();
        for (Path f : javaFiles(root)) {
            all.putAll(parse(f));
        }
        return all;
    }

    /** The normalized signatures of every non-private type and member in one source file (parse only). */
    static Map<String, TypeInfo> parse(Path file) throws IOException {
        JavaCompiler jc = ToolProvider.getSystemJavaCompiler();
        StandardJavaFileManager fm = jc.getStandardFileManager(null, null, StandardCharsets.UTF_8);
        JavacTask task = (JavacTask) jc.getTask(null, fm, d -> { }, List.of("-proc:none"), null, fm.getJavaFileObjects(file));
        SourcePositions positions = Trees.instance(task).getSourcePositions();
        Map<String, TypeInfo> out = new LinkedHashMap<>();
        for (CompilationUnitTree cu : task.parse()) {
            Map<String, String> imports = new HashMap<>();
            for (ImportTree it : cu.getImports()) {
                String q = it.getQualifiedIdentifier().toString();
                imports.put(q.substring(q.lastIndexOf('.') + 1), q);
            }
            String pkg = cu.getPackageName() == null ? "" : cu.getPackageName().toString();
            Parser p = new Parser(cu, positions, imports, pkg, cu.getSourceFile().getCharContent(true).toString());
            for (Tree t : cu.getTypeDecls()) {
                if (t instanceof ClassTree ct) {
                    p.visit(ct, "", false, out);
                }
            }
        }
        return out;
    }

    private record Parser(CompilationUnitTree cu, SourcePositions positions, Map<String, String> imports, String pkg, String source) {
        void visit(ClassTree ct, String outer, boolean inInterface, Map<String, TypeInfo> out) {
            String name = outer.isEmpty() ? pkg + "." + ct.getSimpleName() : outer + "." + ct.getSimpleName();
            Set<String> mods = mods(ct.getModifiers());
            Tree.Kind k = ct.getKind();
            if (inInterface) {
                mods.add("public");
                mods.add("static");
            }
            if (!outer.isEmpty() && k != Tree.Kind.CLASS) {
                mods.add("static");
            }
            boolean isInterface = k == Tree.Kind.INTERFACE || k == Tree.Kind.ANNOTATION_TYPE;
            if (isInterface) {
                mods.add("abstract");
            }
            String header = (String.join(" ", new TreeSet<>(annotations(ct.getModifiers()))) + " " + String.join(" ", sorted(mods)) + " "
                    + k.toString().toLowerCase() + " " + ct.getSimpleName() + typeParameters(ct.getTypeParameters())).trim();
            List<String> supers = new ArrayList<>();
            if (ct.getExtendsClause() != null) {
                supers.add((isInterface ? "" : "extends ") + norm(ct.getExtendsClause().toString()));
            }
            ct.getImplementsClause().forEach(x -> supers.add(norm(x.toString())));
            Map<String, String> members = new TreeMap<>();
            out.put(name, new TypeInfo(header, supers, members));
            if (k == Tree.Kind.CLASS && ct.getMembers().stream().noneMatch(m -> m instanceof MethodTree mt && mt.getName().contentEquals("<init>"))) {
                String access = mods.contains("public") ? "public" : mods.contains("protected") ? "protected" : mods.contains("private") ? "private" : "package";
                if (!access.equals("private")) {
                    members.put("<init>()", access + " " + ct.getSimpleName() + "()");
                }
            }
            for (Tree m : ct.getMembers()) {
                if (m instanceof ClassTree inner) {
                    if (!inner.getModifiers().getFlags().contains(Modifier.PRIVATE)) {
                        visit(inner, name, isInterface, out);
                    }
                } else if (m instanceof MethodTree mt) {
                    method(ct, k, isInterface, mt, members);
                } else if (m instanceof VariableTree vt) {
                    field(ct, k, isInterface, vt, members);
                }
            }
        }

        private void method(ClassTree ct, Tree.Kind k, boolean isInterface, MethodTree mt, Map<String, String> members) {
            Set<String> mm = mods(mt.getModifiers());
            boolean constructor = mt.getName().contentEquals("<init>");
            if (mm.contains("private") || (k == Tree.Kind.ENUM && constructor)) {
                return;
            }
            if (isInterface) {
                mm.add("public");
                if (mt.getBody() == null && !mm.contains("static") && !mm.contains("default")) {
                    mm.add("abstract");
                }
            } else if (!mm.contains("public") && !mm.contains("protected")) {
                mm.add("package");
            }
            List<String> params = new ArrayList<>();
            List<String> erased = new ArrayList<>();
            for (VariableTree v : mt.getParameters()) {
                String annotations = String.join(" ", annotations(v.getModifiers()));
                String type = norm(v.getType().toString());
                String text = source.substring((int) positions.getStartPosition(cu, v), (int) positions.getEndPosition(cu, v));
                if (text.contains("...")) {
                    type = type.replaceAll("\\[\\]$", "...");
                }
                params.add((annotations.isEmpty() ? "" : annotations + " ") + type);
                erased.add(erase(type));
            }
            String key = (constructor ? "<init>" : mt.getName().toString()) + "(" + String.join(",", erased) + ")";
            String sig = String.join(" ", new TreeSet<>(annotations(mt.getModifiers()))) + " " + String.join(" ", sorted(mm)) + " "
                    + typeParameters(mt.getTypeParameters()) + " " + (constructor ? "" : norm(mt.getReturnType().toString()) + " ")
                    + (constructor ? ct.getSimpleName() : mt.getName()) + "(" + String.join(", ", params) + ")"
                    + (mt.getThrows().isEmpty() ? "" : " throws " + mt.getThrows().stream().map(x -> norm(x.toString())).sorted()
                            .collect(Collectors.joining(", ")));
            members.put(key, sig.trim().replaceAll(" +", " "));
        }

        private void field(ClassTree ct, Tree.Kind k, boolean isInterface, VariableTree vt, Map<String, String> members) {
            Set<String> mm = mods(vt.getModifiers());
            if (mm.contains("private")) {
                return;
            }
            if (isInterface) {
                mm.add("public");
                mm.add("static");
                mm.add("final");
            }
            boolean enumConstant = k == Tree.Kind.ENUM && (vt.getType() == null
                    || vt.getInitializer() instanceof NewClassTree nc && nc.getIdentifier().toString().equals(ct.getSimpleName().toString()) && mm.isEmpty());
            if (enumConstant) {
                members.put(vt.getName().toString(), "enum constant " + vt.getName());
                return;
            }
            if (!isInterface && !mm.contains("public") && !mm.contains("protected")) {
                mm.add("package");
            }
            mm.remove("transient");
            mm.remove("volatile");
            String sig = String.join(" ", new TreeSet<>(annotations(vt.getModifiers()))) + " " + String.join(" ", sorted(mm)) + " "
                    + norm(vt.getType().toString()) + " " + vt.getName();
            members.put(vt.getName().toString(), sig.trim().replaceAll(" +", " "));
        }

        private List<String> annotations(ModifiersTree m) {
            List<String> out = new ArrayList<>();
            for (AnnotationTree a : m.getAnnotations()) {
                String t = a.getAnnotationType().toString();
                String simple = t.substring(t.lastIndexOf('.') + 1);
                String fq = t.contains(".") ? t : imports.getOrDefault(t, JAVA_LANG.contains(t) ? "java.lang." + t : pkg + "." + t);
                if (!RELEVANT.contains(fq)) {
                    continue;
                }
                String shown = fq.startsWith("java.lang.") || fq.startsWith("edu.umd") ? "@" + simple : "@" + fq;
                if (WITH_ARGS.contains(simple)) {
                    shown += "(" + a.getArguments().stream().map(x -> norm(x.toString())).collect(Collectors.joining(",")) + ")";
                }
                out.add(shown);
            }
            return out;
        }
    }

    private static Set<String> mods(ModifiersTree m) {
        Set<String> s = new HashSet<>();
        for (Modifier x : m.getFlags()) {
            if (x != Modifier.SYNCHRONIZED && x != Modifier.NATIVE && x != Modifier.STRICTFP) {
                s.add(x.toString());
            }
        }
        return s;
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted(Comparator.comparingInt(ORDER::indexOf)).toList();
    }

    private static String typeParameters(List<? extends TypeParameterTree> tps) {
        return tps.isEmpty() ? "" : "<" + tps.stream().map(x -> norm(x.toString())).collect(Collectors.joining(", ")) + ">";
    }

    private static String norm(String s) {
        s = s.replaceAll("@[A-Za-z_.]+(\\([^)]*\\))? ", "");
        return QUALIFIER.matcher(s).replaceAll("").replace("value = ", "").replaceAll("\\s+", " ").replace("{", "").replace("}", "").trim();
    }

    private static String erase(String s) {
        String previous;
        do {
            previous = s;
            s = s.replaceAll("<[^<>]*>", "");
        } while (!s.equals(previous));
        return s.replace("...", "[]");
    }
}
