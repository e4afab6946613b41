/*
 * Build tool, run by the default build at generate-sources as a single-file Java program
 * (`java src/build/MessagesGenerator.java <resources dir> <output dir>`); never packaged.
 *
 * For every Messages.properties under the resources directory it writes a Messages class in the same package, of the
 * shape org.jvnet.localizer:localizer-maven-plugin (which is not on Maven Central, and which the Jenkins release
 * build uses instead) generates: for each key `a.b-c` with N MessageFormat arguments,
 *   public static String a_b_c(Object arg0, ..., Object argN-1)      -> holder.format("a.b-c", arg0, ...)
 *   public static Localizable _a_b_c(Object arg0, ..., Object argN-1) -> new Localizable(holder, "a.b-c", arg0, ...)
 * with holder = ResourceBundleHolder.get(Messages.class). Localized variants (Messages_de.properties) need no code.
 */

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

public class MessagesGenerator {
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: MessagesGenerator <resources dir> <output dir>");
            System.exit(2);
        }
        Path resources = Paths.get(args[0]);
        Path output = Paths.get(args[1]);
        if (!Files.isDirectory(resources)) {
            return;
        }
        List<Path> bundles;
        try (Stream<Path> walk = Files.walk(resources)) {
            bundles = walk.filter(p -> p.getFileName().toString().equals("Messages.properties")).sorted().collect(Collectors.toList());
        }
        for (Path bundle : bundles) {
            Path rel = resources.relativize(bundle.getParent());
            String pkg = rel.toString().replace(bundle.getFileSystem().getSeparator(), ".");
            Path target = output.resolve(rel).resolve("Messages.java");
            Files.createDirectories(target.getParent());
            String source = generate(pkg, load(bundle));
            if (!Files.exists(target) || !Files.readString(target, StandardCharsets.UTF_8).equals(source)) {
                Files.writeString(target, source, StandardCharsets.UTF_8);
            }
        }
    }

    private static TreeMap<String, String> load(Path bundle) throws IOException {
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(bundle, StandardCharsets.UTF_8)) {
            props.load(r);
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        for (String key : props.stringPropertyNames()) {
            sorted.put(key, props.getProperty(key));
        }
        return sorted;
    }

    static String generate(String pkg, TreeMap<String, String> messages) {
        StringBuilder out = new StringBuilder();
        out.append("// Generated from Messages.properties by src/build/MessagesGenerator.java. Do not edit.\n");
        out.append("// CHECKSTYLE:OFF\n\n");
        if (!pkg.isEmpty()) {
            out.append("package ").append(pkg).append(";\n\n");
        }
        out.append("import org.jvnet.localizer.Localizable;\n");
        out.append("import org.jvnet.localizer.ResourceBundleHolder;\n\n");
        out.append("@SuppressWarnings({\n    \"\",\n    \"PMD\",\n    \"all\"\n})\n");
        out.append("public class Messages {\n\n");
        out.append("    /**\n     * The resource bundle reference\n     * \n     */\n");
        out.append("    private static final ResourceBundleHolder holder = ResourceBundleHolder.get(Messages.class);\n");
        for (var e : messages.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            String method = toJavaIdentifier(key);
            int argCount = new MessageFormat(value).getFormatsByArgumentIndex().length;
            List<String> params = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < argCount; i++) {
                params.add("Object arg" + i);
                names.add("arg" + i);
            }
            String paramList = String.join(", ", params);
            String callArgs = names.isEmpty() ? "" : ", " + String.join(", ", names);
            String doc = "     * Key {@code " + javadoc(key) + "}: {@code " + javadoc(value) + "}.\n";
            out.append("\n    /**\n").append(doc);
            for (String n : names) {
                out.append("     * \n     * @param ").append(n).append("\n     *      ").append(n).append("\n");
            }
            out.append("     * @return\n     *     {@code ").append(javadoc(value)).append("}\n     */\n");
            out.append("    public static String ").append(method).append("(").append(paramList).append(") {\n");
            out.append("        return holder.format(\"").append(javaString(key)).append("\"").append(callArgs).append(");\n    }\n");
            out.append("\n    /**\n").append(doc);
            for (String n : names) {
                out.append("     * \n     * @param ").append(n).append("\n     *      ").append(n).append("\n");
            }
            out.append("     * @return\n     *     {@code ").append(javadoc(value)).append("}\n     */\n");
            out.append("    public static Localizable _").append(method).append("(").append(paramList).append(") {\n");
            out.append("        return new Localizable(holder, \"").append(javaString(key)).append("\"").append(callArgs).append(");\n    }\n");
        }
        out.append("\n}\n");
        return out.toString();
    }

    /** Same mapping as the localizer: every character that cannot be in a Java identifier becomes '_'. */
    static String toJavaIdentifier(String key) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            b.append(i == 0 ? (Character.isJavaIdentifierStart(c) ? c : '_') : (Character.isJavaIdentifierPart(c) ? c : '_'));
        }
        return b.toString();
    }

    private static String javaString(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** Text safe inside a Javadoc {@code ...}: no comment end, no unicode escape, balanced braces, HTML-escaped. */
    private static String javadoc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("*/", "*&#47;")
                .replace("\\", "&#92;").replace("@", "&#64;").replace("{", "&#123;").replace("}", "&#125;")
                .replace("\n", " ");
    }
}
