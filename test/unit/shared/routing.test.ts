import { describe, expect, it } from 'vitest';
import { functionForPath, functionNames, healthPaths, routePrefixes } from '../../../shared/routing';

describe('routing', () => {
  it('sends each prefix, and everything under it, to its function', () => {
    expect(functionForPath('/api/catalogue/health')).toBe('catalogue');
    expect(functionForPath('/catalogue')).toBe('catalogue');
    expect(functionForPath('/openactive/feeds/session-series')).toBe('catalogue');
    expect(functionForPath('/openreferral/services')).toBe('catalogue');
    expect(functionForPath('/checkout/basket')).toBe('checkout');
    expect(functionForPath('/api/applications/me')).toBe('applications');
  });

  it('sends the front door and unknown paths to the default function', () => {
    expect(functionForPath('/')).toBe('applications');
    expect(functionForPath('/health')).toBe('applications');
    expect(functionForPath('/catalogueish')).toBe('applications');
  });

  it("puts every function's health route under one of its own prefixes", () => {
    for (const name of functionNames) expect(functionForPath(healthPaths[name])).toBe(name);
  });

  it('gives no two functions the same prefix', () => {
    const all = Object.values(routePrefixes).flat();
    expect(new Set(all).size).toBe(all.length);
  });
});
