package io.jenkins.registrypull.sink;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a tar back with commons-compress: entry names in order, with their content. */
final class TarEntries {

    private TarEntries() {
    }

    /** Name to content, in archive order; directories map to empty arrays. */
    static Map<String, byte[]> read(Path tar) throws IOException {
        try (InputStream in = Files.newInputStream(tar)) {
            return read(in);
        }
    }

    static Map<String, byte[]> read(InputStream raw) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(raw)) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                entries.put(entry.getName(), entry.isDirectory() ? new byte[0] : in.readAllBytes());
            }
        }
        return entries;
    }
}
