package dev.localipc.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.localipc.api.Endpoint;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Precedence: endpoint, then the property, then LOCALIPC_RUNTIME_DIR, then the platform default. */
class RuntimeDirectoriesTest {
    private static final Endpoint APP = Endpoint.of("app", "daemon");

    @AfterEach
    void clearProperty() {
        System.clearProperty(RuntimeDirectories.RUNTIME_DIR_PROPERTY);
    }

    private static Function<String, String> env(String... keysAndValues) {
        Map<String, String> map = new java.util.HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map::get;
    }

    @Test
    void unixDefaultsToTmpdirWithUid() {
        assertEquals(Path.of("/tmp/app-1000"), RuntimeDirectories.unix(APP, env(), "/tmp", 1000));
    }

    @Test
    void unixPrefersXdgRuntimeDir() {
        assertEquals(Path.of("/run/user/1000/app"),
                RuntimeDirectories.unix(APP, env("XDG_RUNTIME_DIR", "/run/user/1000"), "/tmp", 1000));
    }

    @Test
    void theXdgBaseIsKnownOnlyWhenTheDirectoryComesFromIt() {
        assertEquals(Optional.of(Path.of("/run/user/1000")),
                RuntimeDirectories.xdgRuntimeBase(APP, env("XDG_RUNTIME_DIR", "/run/user/1000")));
        assertEquals(Optional.empty(), RuntimeDirectories.xdgRuntimeBase(APP, env()));
        assertEquals(Optional.empty(), RuntimeDirectories.xdgRuntimeBase(APP, env("XDG_RUNTIME_DIR", " ")));
        assertEquals(Optional.empty(), RuntimeDirectories.xdgRuntimeBase(APP,
                env("XDG_RUNTIME_DIR", "/run/user/1000", "LOCALIPC_RUNTIME_DIR", "/srv/ipc")));
        assertEquals(Optional.empty(), RuntimeDirectories.xdgRuntimeBase(APP.withRuntimeDirectory(Path.of("/mine")),
                env("XDG_RUNTIME_DIR", "/run/user/1000")));
        System.setProperty(RuntimeDirectories.RUNTIME_DIR_PROPERTY, "/opt/ipc");
        assertEquals(Optional.empty(), RuntimeDirectories.xdgRuntimeBase(APP, env("XDG_RUNTIME_DIR", "/run/user/1000")));
    }

    @Test
    void blankValuesCountAsUnset() {
        assertEquals(Path.of("/tmp/app-7"),
                RuntimeDirectories.unix(APP, env("XDG_RUNTIME_DIR", " ", "LOCALIPC_RUNTIME_DIR", ""), "/tmp", 7));
    }

    @Test
    void environmentVariableBeatsXdg() {
        assertEquals(Path.of("/srv/ipc"), RuntimeDirectories.unix(APP,
                env("XDG_RUNTIME_DIR", "/run/user/1000", "LOCALIPC_RUNTIME_DIR", "/srv/ipc"), "/tmp", 1000));
    }

    @Test
    void propertyBeatsEnvironmentVariable() {
        System.setProperty(RuntimeDirectories.RUNTIME_DIR_PROPERTY, "/opt/ipc");
        assertEquals(Path.of("/opt/ipc"), RuntimeDirectories.unix(APP,
                env("LOCALIPC_RUNTIME_DIR", "/srv/ipc", "XDG_RUNTIME_DIR", "/run/user/1"), "/tmp", 1));
    }

    @Test
    void endpointBeatsEverything() {
        System.setProperty(RuntimeDirectories.RUNTIME_DIR_PROPERTY, "/opt/ipc");
        Endpoint own = APP.withRuntimeDirectory(Path.of("/mine"));
        assertEquals(Path.of("/mine"), RuntimeDirectories.unix(own,
                env("LOCALIPC_RUNTIME_DIR", "/srv/ipc", "XDG_RUNTIME_DIR", "/run/user/1"), "/tmp", 1));
        assertEquals(Path.of("/mine"), RuntimeDirectories.windows(own, env("LOCALAPPDATA", "C:/x"), "/home/u"));
    }

    @Test
    void relativeOverridesBecomeAbsolute() {
        assertEquals(Path.of("rel").toAbsolutePath(),
                RuntimeDirectories.unix(APP, env("LOCALIPC_RUNTIME_DIR", "rel"), "/tmp", 1));
    }

    @Test
    void windowsUsesLocalAppDataThenTheHomeDirectory() {
        assertEquals(Path.of("/appdata/local/app").toAbsolutePath(),
                RuntimeDirectories.windows(APP, env("LOCALAPPDATA", "/appdata/local"), "/home/u"));
        assertEquals(Path.of("/home/u", "AppData", "Local", "app").toAbsolutePath(),
                RuntimeDirectories.windows(APP, env(), "/home/u"));
        assertEquals(Path.of("/srv/ipc"),
                RuntimeDirectories.windows(APP, env("LOCALIPC_RUNTIME_DIR", "/srv/ipc", "LOCALAPPDATA", "/x"), "/home/u"));
    }
}
