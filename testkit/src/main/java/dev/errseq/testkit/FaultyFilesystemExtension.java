package dev.errseq.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands a test a real {@link FaultyFilesystem} (or a {@link PrivateTmpfs}) as a parameter:
 *
 * <pre>{@code
 * @ExtendWith(FaultyFilesystemExtension.class)
 * class LogTest {
 *     @Test
 *     void failsStop(@Faulty(FilesystemKind.XFS) FaultyFilesystem fs) throws IOException { ... }
 * }
 * }</pre>
 *
 * <p>A parameter of a test method, or of a {@code @BeforeEach} or {@code @AfterEach} method,
 * gets a filesystem of its own, closed when the test is done, passed or failed. A parameter
 * of a {@code @BeforeAll} method (or of the constructor under
 * {@code @TestInstance(PER_CLASS)}) gets one shared by the class's tests, closed after the
 * last of them: set-up is paid once. Where the machine lacks what a filesystem needs (root,
 * loop devices, the mkfs), the test is skipped with the reason printed, or fails where
 * {@value Prerequisites#REQUIRE_VARIABLE}=1 ({@link Skip#ifMissing}).
 */
public final class FaultyFilesystemExtension implements ParameterResolver {
    private static final Namespace NAMESPACE = Namespace.create(FaultyFilesystemExtension.class);

    /** Made by JUnit from {@code @ExtendWith}. */
    public FaultyFilesystemExtension() {
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == FaultyFilesystem.class || type == PrivateTmpfs.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        try {
            if (type == PrivateTmpfs.class) {
                Skip.ifMissing(Prerequisites.missingForMounting());
                return keep(context, PrivateTmpfs.create());
            }
            Optional<Faulty> wanted = parameter.findAnnotation(Faulty.class);
            FilesystemKind kind = wanted.map(Faulty::value).orElse(FilesystemKind.EXT4);
            long size = wanted.map(Faulty::sizeMiB).filter(s -> s != 0).orElse(kind.defaultMiB());
            Skip.ifMissing(Prerequisites.missingFor(kind));
            return keep(context, FaultyFilesystem.create(kind, size));
        } catch (IOException e) {
            throw new ParameterResolutionException("cannot make a " + type.getSimpleName()
                    + " for " + parameter.getDeclaringExecutable() + ": " + e.getMessage(), e);
        }
    }

    /** Stored in the context that asked for it: JUnit closes it when that context ends. */
    private static <T extends AutoCloseable> T keep(ExtensionContext context, T resource) {
        context.getStore(NAMESPACE).put(resource, new Closing(resource));
        return resource;
    }

    /**
     * What the store closes at the end of the test or class: JUnit before 5.13 closes a
     * CloseableResource, later versions an AutoCloseable (and warn about the other alone).
     */
    private record Closing(AutoCloseable resource)
            implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() throws Exception {
            try {
                resource.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
