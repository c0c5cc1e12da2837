package org.slq4j.internal.vectorization;

import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;

/**
 * The one place that decides whether slq4j runs SIMD code, and that hands out every kernel
 * family: level-1 and the Lanczos sweep ({@link KernelSupport}), the Gaussian sums of the
 * density step ({@link GaussianSumsSupport}), the matvecs of the built-in operators
 * ({@link MatvecSupport}) and the kernels of a float basis ({@link FloatBasisSupport}). The
 * facades ({@link VectorKernels}, {@link GaussianSums}, {@link MatvecKernels},
 * {@link FloatBasisKernels}) take their families from {@link #getInstance()}.
 *
 * <p>The decision is made once per JVM: the Vector API implementation when the module
 * {@code jdk.incubator.vector} is in the boot layer, else the scalar one, with one warning naming
 * the JVM flag to add. The Panama provider class is loaded (through its package-private
 * constructor, by {@link MethodHandles#lookup()}) only after the module has been found and made
 * readable, so a JVM without the module never touches a Vector API class.
 *
 * <p>Tests and benchmarks compare the families side by side in one JVM through {@link #scalar()}
 * and {@link #panama()}.
 */
public class VectorizationProvider {

  /** The module that holds the Vector API. */
  public static final String VECTOR_MODULE = "jdk.incubator.vector";

  private static final System.Logger LOG = System.getLogger(VectorizationProvider.class.getName());

  private final String name;
  private final int laneCount;
  private final KernelSupport kernelSupport;
  private final GaussianSumsSupport gaussianSums;
  private final MatvecSupport matvecSupport;
  private final FloatBasisSupport floatBasisSupport;

  VectorizationProvider(String name, int laneCount, KernelSupport kernelSupport,
      GaussianSumsSupport gaussianSums, MatvecSupport matvecSupport,
      FloatBasisSupport floatBasisSupport) {
    this.name = name;
    this.laneCount = laneCount;
    this.kernelSupport = kernelSupport;
    this.gaussianSums = gaussianSums;
    this.matvecSupport = matvecSupport;
    this.floatBasisSupport = floatBasisSupport;
  }

  /** The provider this JVM runs: Panama when the Vector API is readable, otherwise scalar. */
  public static VectorizationProvider getInstance() {
    return Active.INSTANCE;
  }

  /** The plain Java kernels: the reference for every other implementation, and the fallback. */
  public static VectorizationProvider scalar() {
    return Scalar.INSTANCE;
  }

  /**
   * The Vector API kernels, or empty when {@code jdk.incubator.vector} is not in this JVM (then
   * no Vector API class is loaded). Present whether or not it is the active provider.
   */
  public static Optional<VectorizationProvider> panama() {
    return Optional.ofNullable(Panama.INSTANCE);
  }

  /** "scalar" or "panama". */
  public final String name() {
    return name;
  }

  /** Doubles per vector of the level-1 kernels (1 for scalar). */
  public final int laneCount() {
    return laneCount;
  }

  /** Bits per vector of the level-1 kernels (64 for scalar: one double). */
  public final int vectorBits() {
    return laneCount() * Double.SIZE;
  }

  /** A one-line description such as "panama, 8 doubles per vector (512-bit)", or "scalar". */
  public final String describe() {
    int lanes = laneCount();
    return lanes == 1 ? name()
        : name() + ", " + lanes + " doubles per vector (" + vectorBits() + "-bit)";
  }

  /** Level-1 kernels and the fused Lanczos sweep. */
  public final KernelSupport kernelSupport() {
    return kernelSupport;
  }

  /** The Gaussian sums of the density step. */
  public final GaussianSumsSupport gaussianSums() {
    return gaussianSums;
  }

  /** The matvec kernels of the built-in operators. */
  public final MatvecSupport matvecSupport() {
    return matvecSupport;
  }

  /** The kernels of a run that stores its basis in floats. */
  public final FloatBasisSupport floatBasisSupport() {
    return floatBasisSupport;
  }

  @Override
  public String toString() {
    return describe();
  }

  private static final class Scalar {
    static final VectorizationProvider INSTANCE = new VectorizationProvider("scalar", 1,
        new ScalarKernelSupport(), new ScalarGaussianSums(), new ScalarMatvecSupport(),
        new ScalarFloatBasisSupport());
  }

  private static final class Panama {
    static final VectorizationProvider INSTANCE = loadPanama();
  }

  private static final class Active {
    static final VectorizationProvider INSTANCE = choose();
  }

  private static VectorizationProvider choose() {
    VectorizationProvider panama = Panama.INSTANCE;
    if (panama != null) {
      LOG.log(Level.DEBUG, "slq4j SIMD kernels: {0}", panama.describe());
      return panama;
    }
    if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
      LOG.log(Level.WARNING,
          "Java vector incubator module is not readable; slq4j runs scalar kernels. "
              + "For SIMD kernels add the JVM flag: --add-modules " + VECTOR_MODULE);
    }
    return Scalar.INSTANCE;
  }

  /** The Panama provider, or null when the module is absent or its kernels fail to start. */
  private static VectorizationProvider loadPanama() {
    Optional<Module> vector = ModuleLayer.boot().findModule(VECTOR_MODULE);
    if (vector.isEmpty()) {
      return null;
    }
    VectorizationProvider.class.getModule().addReads(vector.get());
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      MethodHandle constructor = lookup.findConstructor(
          lookup.findClass(VectorizationProvider.class.getPackageName()
              + ".PanamaVectorizationProvider"),
          MethodType.methodType(void.class));
      return (VectorizationProvider) constructor.invoke();
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      LOG.log(Level.WARNING, "slq4j could not start its SIMD kernels (" + e
          + "); running scalar kernels");
      return null;
    }
  }
}
