import { z } from 'zod';
import { loadConfig } from '../../../tasks/config/load';
import { withSecretFiles } from '../../../tasks/config/secret-files';
import { ConfigError } from '../../../tasks/core/errors';

const files: Record<string, string> = { '/run/secrets/aqi/WAQI_TOKEN': 'tok-from-file\n', '/run/secrets/aqi/AQI_PG_URL': 'postgresql://u:p@h/db' };
const read = (path: string): string => {
  const content = files[path];
  if (content !== undefined) return content;
  throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
};

describe('secrets given as <NAME>_FILE', () => {
  it('reads each file, dropping one trailing newline', () => {
    const { env, problems } = withSecretFiles(
      { WAQI_TOKEN_FILE: '/run/secrets/aqi/WAQI_TOKEN', AQI_PG_URL_FILE: '/run/secrets/aqi/AQI_PG_URL' },
      read,
    );
    expect(problems).toEqual([]);
    expect(env.WAQI_TOKEN).toBe('tok-from-file');
    expect(env.AQI_PG_URL).toBe('postgresql://u:p@h/db');
  });

  it('lets a plain value win over its file, and treats an empty value as unset', () => {
    expect(withSecretFiles({ WAQI_TOKEN: 'plain', WAQI_TOKEN_FILE: '/run/secrets/aqi/WAQI_TOKEN' }, read).env.WAQI_TOKEN).toBe('plain');
    expect(withSecretFiles({ WAQI_TOKEN: '', WAQI_TOKEN_FILE: '/run/secrets/aqi/WAQI_TOKEN' }, read).env.WAQI_TOKEN).toBe('tok-from-file');
  });

  it('names the variable and the path of a file it cannot read, not its content', () => {
    const { problems } = withSecretFiles({ WAQI_TOKEN_FILE: '/nope' }, read);
    expect(problems).toEqual(['WAQI_TOKEN_FILE: cannot read /nope (ENOENT)']);
  });

  it('makes loadConfig refuse an unreadable secret file with a ConfigError', () => {
    const load = () => loadConfig(z.object({}), {}, { AQI_PG_URL_FILE: '/definitely/not/here' });
    expect(load).toThrow(ConfigError);
    try {
      load();
    } catch (err) {
      expect((err as ConfigError).problems).toEqual(['AQI_PG_URL_FILE: cannot read /definitely/not/here (ENOENT)']);
    }
  });
});
