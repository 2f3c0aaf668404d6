package dev.localipc.transport.windows.probe;

import dev.localipc.api.Transports;
import dev.localipc.api.spi.TransportProvider;

/** Started by ModulePathTest (in a package no module owns, so the class path can hold it) in a JVM with the module on the module path: prints what ServiceLoader found. */
public final class ModulePathProbe {
    private ModulePathProbe() {
    }

    /** Prints one line per provider: name, module, availability. */
    public static void main(String[] args) {
        for (TransportProvider provider : Transports.providers()) {
            System.out.println("provider " + provider.name() + " module=" + provider.getClass().getModule().getName()
                    + " " + provider.availability());
        }
    }
}
