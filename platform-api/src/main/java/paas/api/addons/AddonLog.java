package paas.api.addons;

import paas.api.domain.AppName;

/** Writes an add-on's line into an app's log ({@code paas[addon]}). Must not block. */
@FunctionalInterface
public interface AddonLog {
    AddonLog NONE = (app, text) -> { };

    void line(AppName app, String text);
}
