import { readStoreContract } from '../../contract/read-store.contract';
import { tempReadStore } from './testing/temp-read-store';

readStoreContract('sqlite', async () => tempReadStore());
