package io.jenkins.registrypull.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.registrypull.store.BlobStore;
import io.jenkins.registrypull.store.PruneResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code registry-pull prune --max-size 10G}: shrinks the blob store, least recently used blobs first. */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = {"Deletes the least recently used blobs until the blob store fits --max-size.",
                "Blobs a running pull holds are kept. Prints what was freed as JSON on stdout."})
final class PruneCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOption store = new StoreOption();

    @Option(names = "--max-size", required = true, paramLabel = "SIZE",
            description = "The size the store may keep, e.g. 10G, 500M, 0 (K, M, G, T are powers of 1024)")
    String maxSize;

    @Option(names = "--quiet", description = "No summary on stderr")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        long budget = Sizes.parse(maxSize, "--max-size");
        Path dir = store.existing();
        Map<String, Object> out = new LinkedHashMap<>();
        if (dir == null) {
            out.put("store", store.shown().toString());
            out.put("budget", budget);
            out.put("note", "no blob store yet; nothing to prune");
            print(out);
            return ExitCodes.OK;
        }
        PruneResult r = new BlobStore(dir).prune(budget);
        out.put("store", r.store().toString());
        out.put("budget", r.budgetBytes());
        out.put("blobsBefore", r.blobsBefore());
        out.put("bytesBefore", r.bytesBefore());
        out.put("blobsAfter", r.blobsAfter());
        out.put("bytesAfter", r.bytesAfter());
        out.put("evicted", r.evicted().stream().map(Object::toString).toList());
        out.put("bytesFreed", r.bytesFreed());
        out.put("blobsInUse", r.blobsInUse());
        out.put("withinBudget", r.withinBudget());
        out.put("staleTemps", r.staleTemps());
        out.put("lockFilesRemoved", r.lockFilesRemoved());
        out.put("durationMs", r.took().toMillis());
        print(out);
        if (!quiet) {
            var err = spec.commandLine().getErr();
            err.println("Freed " + Sizes.human(r.bytesFreed()) + " (" + r.evicted().size() + " blobs) from " + r.store()
                    + "; it now holds " + Sizes.human(r.bytesAfter()) + " in " + r.blobsAfter() + " blobs"
                    + (r.withinBudget() ? "." : ", above the budget: " + r.blobsInUse()
                    + " blobs were in use by running pulls."));
            err.flush();
        }
        return ExitCodes.OK;
    }

    private void print(Map<String, Object> out) throws Exception {
        spec.commandLine().getOut().println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
        spec.commandLine().getOut().flush();
    }
}
