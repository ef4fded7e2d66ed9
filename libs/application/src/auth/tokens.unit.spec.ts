import jwt from 'jsonwebtoken';
import { InvalidTokenError, MAX_TOKEN_LIFETIME_SECONDS, signToken, TokenVerifier } from './tokens';

const SECRET = 'test-secret-of-some-length';
const alice = { sub: 'alice', role: 'operator' as const, operator: 'alice' };

describe('TokenVerifier', () => {
  afterEach(() => jest.restoreAllMocks());

  it('checks a token\'s signature once and answers the same principal after', () => {
    const verify = jest.spyOn(jwt, 'verify');
    const tokens = new TokenVerifier(SECRET);
    const token = signToken(SECRET, alice);
    expect(tokens.verify(token)).toEqual(alice);
    expect(tokens.verify(token)).toEqual(alice);
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('refuses a remembered token once it has expired', () => {
    let now = Date.now();
    const tokens = new TokenVerifier(SECRET, 10, () => now);
    const token = signToken(SECRET, alice, 60);
    expect(tokens.verify(token)).toEqual(alice);
    now += 61_000;
    expect(() => tokens.verify(token)).toThrow(InvalidTokenError);
  });

  it('refuses a token not yet in force, and does not remember it', () => {
    const tokens = new TokenVerifier(SECRET);
    const notYet = jwt.sign({ ...alice, nbf: Math.floor(Date.now() / 1000) + 30 }, SECRET, { algorithm: 'HS256', expiresIn: 600 });
    expect(() => tokens.verify(notYet)).toThrow(InvalidTokenError);
    expect(() => tokens.verify(notYet)).toThrow(InvalidTokenError);
  });

  it('refuses a token that runs for more than a year, an exp of 1e300 included: it would never end', () => {
    const tokens = new TokenVerifier(SECRET);
    const now = Math.floor(Date.now() / 1000);
    const until = (exp: number) => jwt.sign({ ...alice, exp }, SECRET, { algorithm: 'HS256' });
    expect(() => tokens.verify(until(1e300))).toThrow('token expires more than a year ahead (exp)');
    expect(() => tokens.verify(until(now + MAX_TOKEN_LIFETIME_SECONDS + 60))).toThrow(InvalidTokenError);
    expect(tokens.verify(until(now + MAX_TOKEN_LIFETIME_SECONDS - 60))).toEqual(alice);
    expect(tokens.verify(signToken(SECRET, alice, 365 * 86_400))).toEqual(alice); // the longest `token create` mints
  });

  it('refuses an operator that is not a slug and an agent that is not an agent id: no route could name them afterwards', () => {
    const tokens = new TokenVerifier(SECRET);
    for (const claims of [
      { sub: 'x', role: 'agent', agent: '' }, { sub: 'x', role: 'agent', agent: 'a b' }, { sub: 'x', role: 'agent', agent: 'a/../<x>' },
      { sub: 'x', role: 'agent', agent: 'b'.repeat(101) }, { sub: 'x', role: 'operator', operator: 'Ana' }, { sub: 'x', role: 'operator', operator: '' },
      { sub: 'x', role: 'admin', agent: 'a b' },
    ]) {
      expect(() => tokens.verify(jwt.sign(claims, SECRET, { algorithm: 'HS256', expiresIn: 600 }))).toThrow(InvalidTokenError);
    }
    const bot = { sub: 'agent:bot', role: 'agent' as const, agent: `ci.bot_1:${'b'.repeat(91)}`, projects: ['agents'] };
    expect(tokens.verify(signToken(SECRET, bot))).toEqual(bot);
  });

  it('refuses a projects claim that is not a list of project slugs, rather than acting as if it named none', () => {
    const tokens = new TokenVerifier(SECRET);
    const bot = { sub: 'agent:bot', role: 'agent', agent: 'bot' };
    for (const projects of ['alpha', ['alpha', 7], ['ALPHA'], ['alpha '], null, {}]) {
      expect(() => tokens.verify(jwt.sign({ ...bot, projects }, SECRET, { algorithm: 'HS256', expiresIn: 600 }))).toThrow('the token\'s projects are not a list of project slugs');
    }
    expect(tokens.verify(signToken(SECRET, { ...bot, role: 'agent', projects: [] }))).toEqual({ ...bot, projects: [] });
    expect(tokens.verify(signToken(SECRET, { ...bot, role: 'agent', projects: ['alpha', 'beta-2'] }))).toEqual({ ...bot, projects: ['alpha', 'beta-2'] });
  });

  it('still refuses what it refused: another signature, another secret', () => {
    const tokens = new TokenVerifier(SECRET);
    const token = signToken(SECRET, alice);
    tokens.verify(token);
    const [header, payload] = token.split('.');
    expect(() => tokens.verify(`${header}.${payload}.${'A'.repeat(43)}`)).toThrow(InvalidTokenError);
    expect(() => tokens.verify(signToken('another-secret-entirely', alice))).toThrow(InvalidTokenError);
  });

  it('remembers at most the tokens it was told to', () => {
    const verify = jest.spyOn(jwt, 'verify');
    const tokens = new TokenVerifier(SECRET, 2);
    const [a, b, c] = ['a', 'b', 'c'].map((sub) => signToken(SECRET, { ...alice, sub }));
    for (const token of [a, b, c, c, b, a]) tokens.verify(token);
    expect(verify).toHaveBeenCalledTimes(4); // a was dropped to make room for c
  });

  it('hands out principals nobody can change for the next request', () => {
    const tokens = new TokenVerifier(SECRET);
    const token = signToken(SECRET, { ...alice, projects: ['p1'] });
    const principal = tokens.verify(token);
    expect(Object.isFrozen(principal)).toBe(true);
    expect(Object.isFrozen(principal.projects)).toBe(true);
  });
});
