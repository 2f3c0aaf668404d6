/** The consumer as a modular application: profile module-path adds this file's directory to the sources, profile class-path does not. */
module com.example.consumer {
    requires dev.localipc.core;
    // Only to check which SLF4J provider was found; an application that does not log needs no such line.
    requires org.slf4j;

    // Gson and ipc-core bind the params records of this package by reflection.
    opens com.example.consumer to com.google.gson, dev.localipc.core;
}
