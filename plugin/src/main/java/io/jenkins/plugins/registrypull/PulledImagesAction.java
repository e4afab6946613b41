package io.jenkins.plugins.registrypull;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Run;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import jenkins.model.RunAction2;

/**
 * The images a build pulled, one action per run, shown on the build page ({@code summary.jelly}) and on its own
 * page ({@code index.jelly}): image, digest, platform, size, where it went and how it was verified. Every
 * {@code registryPull} step and every wrapper pull of the run adds to the same action.
 */
public final class PulledImagesAction implements RunAction2 {
    private final List<PulledImage> images = new ArrayList<>();
    @CheckForNull
    private transient Run<?, ?> run;

    /** Adds {@code image} to the run's action, creating it on the first pull of the run. */
    public static void record(@NonNull Run<?, ?> run, @NonNull PulledImage image) {
        synchronized (run) {
            PulledImagesAction action = run.getAction(PulledImagesAction.class);
            if (action == null) {
                action = new PulledImagesAction();
                run.addAction(action);
            }
            action.add(image);
        }
    }

    synchronized void add(@NonNull PulledImage image) {
        images.add(image);
    }

    /** The pulled images, in the order they were pulled. */
    @NonNull
    public synchronized List<PulledImage> getImages() {
        return Collections.unmodifiableList(new ArrayList<>(images));
    }

    @CheckForNull
    public Run<?, ?> getRun() {
        return run;
    }

    @Override
    public String getIconFileName() {
        return "symbol-cube";
    }

    @Override
    public String getDisplayName() {
        return Messages.PulledImagesAction_DisplayName();
    }

    @Override
    public String getUrlName() {
        return "pulled-images";
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }
}
