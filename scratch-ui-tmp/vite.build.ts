// THROWAWAY: production build of the fake harness to measure render cost without React dev overhead.
import base from '../vite.config';
export default { ...base, publicDir: false, build: { ...base.build, outDir: '/tmp/fakebuild', emptyOutDir: true, rollupOptions: { input: ['scratch-ui-tmp/fake.html', 'scratch-ui-tmp/bench.html'] } } };
