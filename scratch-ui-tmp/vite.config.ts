// THROWAWAY: the project config without HMR/watching, so other engineers' edits do not reload the page mid-test.
import base from '../vite.config';
export default { ...base, server: { ...base.server, hmr: false, watch: { ignored: ['**/*'] } } };
