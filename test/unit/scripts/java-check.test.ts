import { afterEach, describe, expect, it, vi } from 'vitest';
import { assertJavaAvailable, JavaMissingError } from '../../../scripts/local/dynamodb-local';

afterEach(() => vi.unstubAllEnvs());

describe('npm start without Java', () => {
  it('says exactly how to install Java', () => {
    vi.stubEnv('PATH', '/nonexistent');
    expect(() => assertJavaAvailable()).toThrow(JavaMissingError);
    expect(() => assertJavaAvailable()).toThrow('sudo apt-get install -y openjdk-17-jre-headless');
  });

  it('finds the machine’s Java when it is on the PATH', () => {
    expect(() => assertJavaAvailable()).not.toThrow();
  });
});
