import { resolve } from 'node:path';
import { DEFAULT_DATA_DIR } from '../../../../libs/application/src/config/config';
import { shellWord } from './shared/shell-word';
import type { Running } from './serve';

type Banner = Pick<Running, 'role' | 'url' | 'holder'> & { readonly config: { readonly dataDir: string } };

/**
 * The commands a person copies into another terminal must reach this server's secret:
 * `token create` and `demo` look in ./data unless told otherwise, so the data dir is named
 * whenever it is another one, however it was given (--data-dir or JOBLEDGER_DATA_DIR), as
 * the absolute path it resolved to. A secret from JOBLEDGER_JWT_SECRET is not in any data
 * dir: that terminal needs the variable too, and the banner says so (never the secret itself).
 */
export const serveBanner = (running: Banner, env: NodeJS.ProcessEnv): string => {
  if (running.role === 'worker') {
    return `jobledger worker ${running.holder} is running its processors${running.url ? ` (health: ${running.url}/health)` : ''}\n`;
  }
  const dataDir = running.config.dataDir === resolve(DEFAULT_DATA_DIR) ? '' : ` --data-dir ${shellWord(running.config.dataDir)}`;
  const secretNote = env.JOBLEDGER_JWT_SECRET !== undefined ? '   (with this server\'s JOBLEDGER_JWT_SECRET set)' : '';
  return (
    `jobledger is serving at ${running.url}  (OpenAPI: ${running.url}/docs)\n` +
    (running.role === 'api' ? 'role api: no processors here; run `jobledger serve --role worker` beside it\n' : '') +
    `mint a token:  npx jobledger token create --role admin${dataDir}${secretNote}\n` +
    `walk a job:    npx jobledger demo --url ${running.url}${dataDir}${secretNote}\n`
  );
};
