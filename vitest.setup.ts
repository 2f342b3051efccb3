// The unit tests run the relaxed-SIMD kernels the app uses in the browser, next to the plain SIMD
// and JavaScript ones (the flag is set before any test compiles a module).
import './bench/relaxedSimd';
