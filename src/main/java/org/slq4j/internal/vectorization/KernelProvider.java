package org.slq4j.internal.vectorization;

import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * Chooses the kernel implementation once, at class-load time. The Panama class is loaded only
 * after the incubator module has been found and made readable, so a JVM without
 * {@code --add-modules jdk.incubator.vector} never touches Vector API classes.
 */
final class KernelProvider {

  static final String VECTOR_MODULE = "jdk.incubator.vector";
  private static final String PANAMA_CLASS = "org.slq4j.internal.vectorization.PanamaKernelSupport";
  private static final System.Logger LOG = System.getLogger("org.slq4j.internal.vectorization");

  private static final KernelSupport INSTANCE = choose();

  private KernelProvider() {}

  static KernelSupport get() {
    return INSTANCE;
  }

  private static KernelSupport choose() {
    Optional<Module> vector = ModuleLayer.boot().findModule(VECTOR_MODULE);
    if (vector.isEmpty()) {
      LOG.log(Level.WARNING,
          "Java vector incubator module is not readable; slq4j runs scalar kernels. "
              + "For SIMD kernels add the JVM flag: --add-modules " + VECTOR_MODULE);
      return new ScalarKernelSupport();
    }
    KernelProvider.class.getModule().addReads(vector.get());
    try {
      KernelSupport panama = (KernelSupport) Class.forName(PANAMA_CLASS)
          .getDeclaredConstructor().newInstance();
      LOG.log(Level.DEBUG, "slq4j SIMD kernels: {0} doubles per vector", panama.laneCount());
      return panama;
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      LOG.log(Level.WARNING, "slq4j could not start its SIMD kernels (" + e
          + "); running scalar kernels");
      return new ScalarKernelSupport();
    }
  }
}
