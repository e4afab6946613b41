package io.jenkins.registrypull.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.registrypull.store.BlobStore;
import io.jenkins.registrypull.store.VerifyResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code registry-pull verify-store}: hashes every blob again and deletes corrupt ones. */
@Command(name = "verify-store", mixinStandardHelpOptions = true,
        description = {"Hashes every blob of the blob store again; deletes those whose content no longer",
                "matches their digest (the next pull fetches them again). Exits 5 if any was corrupt."})
final class VerifyStoreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOption store = new StoreOption();

    @Option(names = "--quiet", description = "No summary on stderr")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        Path dir = store.existing();
        Map<String, Object> out = new LinkedHashMap<>();
        if (dir == null) {
            out.put("store", store.shown().toString());
            out.put("note", "no blob store yet; nothing to verify");
            print(out);
            return ExitCodes.OK;
        }
        VerifyResult r = new BlobStore(dir).verify();
        out.put("store", r.store().toString());
        out.put("blobsChecked", r.blobsChecked());
        out.put("bytesChecked", r.bytesChecked());
        out.put("corruptRemoved", r.corruptRemoved().stream().map(Object::toString).toList());
        out.put("corruptInUse", r.corruptInUse().stream().map(Object::toString).toList());
        out.put("unexpected", r.unexpected().stream().map(Object::toString).toList());
        out.put("staleTemps", r.staleTemps());
        out.put("durationMs", r.took().toMillis());
        print(out);
        if (!quiet) {
            var err = spec.commandLine().getErr();
            if (r.allIntact()) {
                err.println("All " + r.blobsChecked() + " blobs (" + Sizes.human(r.bytesChecked()) + ") in " + r.store()
                        + " match their digests.");
            } else {
                err.println(r.corruptRemoved().size() + " corrupt blobs deleted" + (r.corruptInUse().isEmpty() ? ""
                        : ", " + r.corruptInUse().size() + " corrupt blobs in use by running pulls left (verify"
                        + " again when they are done)") + "; " + r.blobsChecked() + " blobs checked in " + r.store()
                        + ". Check the disk.");
            }
            err.flush();
        }
        return r.allIntact() ? ExitCodes.OK : ExitCodes.VERIFICATION;
    }

    private void print(Map<String, Object> out) throws Exception {
        spec.commandLine().getOut().println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
        spec.commandLine().getOut().flush();
    }
}
