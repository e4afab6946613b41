package io.jenkins.registrypull.bench;

/** One part of the benchmark (a {@code --sections} name): measures and adds its table to the report. */
interface Section {

    void run() throws Exception;
}
