package io.jenkins.registrypull.bench;

import java.util.function.Supplier;

/** A contender in an alternating comparison; {@code warmsUp}: it takes part in the warm-up rounds. */
record Contender(String name, Supplier<Sample> run, boolean warmsUp) {
}
