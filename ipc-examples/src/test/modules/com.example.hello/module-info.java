module com.example.hello {
    requires dev.localipc.core; // brings dev.localipc.api and com.google.gson with it

    // Gson and the library bind params such as HelloServer.Greet by reflection.
    opens com.example.hello to com.google.gson, dev.localipc.core;
}
