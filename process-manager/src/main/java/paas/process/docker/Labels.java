package paas.process.docker;

import paas.process.DynoSpec;
import paas.process.addons.AddonContainerSpec;
import paas.vocabulary.EngineLabels;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The labels this runtime puts on what it creates; tools, tests and a restarted platform find
 * dynos, images and networks by them, never by parsing names.
 */
public final class Labels {
    /** On every container, image and network the platform manages. */
    public static final String MANAGED = EngineLabels.MANAGED;
    /** Which platform installation a container belongs to ({@link DockerRuntimeConfig#platform()}). */
    public static final String PLATFORM = "paas.platform";
    public static final String APP = EngineLabels.APP;
    public static final String RELEASE = "paas.release";
    public static final String TYPE = "paas.type";
    public static final String DYNO = "paas.dyno";
    public static final String COMMAND = "paas.command";
    public static final String SIZE = "paas.size";
    public static final String ONE_OFF = "paas.one-off";
    /** An attached one-off dyno: owned by the {@code run} call that created it. */
    public static final String ATTACHED = "paas.attached";
    public static final String STARTED = "paas.started-at";
    public static final String SLUG = "paas.slug";
    /** On images: the id of the run image they were built on. */
    public static final String STACK = "paas.stack-image";
    /**
     * On an add-on's container, volume and internal network: the add-on's id. They carry no
     * {@link #APP} label: an add-on is no dyno of any app (nor an orphan of one), whichever apps
     * it is attached to.
     */
    public static final String ADDON = "paas.addon";
    public static final String ADDON_NAME = "paas.addon-name";
    public static final String ADDON_KIND = "paas.addon-kind";
    public static final String ADDON_PLAN = "paas.addon-plan";
    /**
     * On the scratch container an app's image is committed from: never started, removed right
     * after the commit, and swept when a killed platform left it behind.
     */
    public static final String IMAGE_BUILD = "paas.image-build";

    private Labels() {
    }

    /**
     * The repository whose tags keep the images an app deployed with {@code paas deploy:image}
     * on the engine while releases name them; removed with the app.
     */
    public static String pinnedRepository(String app) {
        return "paas/image-" + app;
    }

    static Map<String, String> forAddon(AddonContainerSpec spec, String platform) {
        return Map.of(MANAGED, "true", PLATFORM, platform, ADDON, spec.addonId(), ADDON_NAME, spec.name(),
                ADDON_KIND, spec.kind(), ADDON_PLAN, spec.plan());
    }

    static Map<String, String> forDyno(DynoSpec spec, String platform, boolean attached, Instant now) {
        Map<String, String> l = new HashMap<>();
        l.put(MANAGED, "true");
        l.put(PLATFORM, platform);
        l.put(APP, spec.app());
        l.put(RELEASE, Integer.toString(spec.release().version()));
        l.put(TYPE, spec.type());
        l.put(DYNO, spec.name());
        l.put(COMMAND, spec.command());
        l.put(SIZE, spec.size().name());
        l.put(ONE_OFF, Boolean.toString(spec.oneOff()));
        l.put(ATTACHED, Boolean.toString(attached));
        l.put(STARTED, now.toString());
        l.put(SLUG, spec.release().slugId());
        return l;
    }
}
