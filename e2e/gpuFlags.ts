/**
 * Chromium flags that give a page a GPU backend in headless Chromium (found on Debian's
 * Chromium 156; the reasons are in `gpu-kernels.spec.ts`): SwiftShader's WebGL and WebGPU by
 * default, the hardware recipe with `GPU_CHECK_REAL=1` (`npm run check:gpu`, on a machine with a GPU).
 */
import config from '../playwright.config';

export const REAL_GPU = process.env.GPU_CHECK_REAL === '1';

const SOFTWARE_FLAGS = ['--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'];
const HARDWARE_FLAGS = ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-angle=vulkan', '--disable-vulkan-surface', '--ignore-gpu-blocklist'];

const baseLaunch = config.use?.launchOptions ?? {};

/** For `test.use`: the usual launch options plus the GPU flags. */
export const gpuLaunchOptions = { ...baseLaunch, args: [...(baseLaunch.args ?? []), ...(REAL_GPU ? HARDWARE_FLAGS : SOFTWARE_FLAGS)] };
