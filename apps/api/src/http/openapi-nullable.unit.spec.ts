import Ajv from 'ajv';
import { strictNullable } from './openapi-nullable';

const NULL_ONLY = { type: 'object', nullable: true, enum: [null] };
const ref = { $ref: '#/components/schemas/Payment' };

describe('strictNullable: "may be null" as OpenAPI 3.0.3 tools read it', () => {
  it('writes a nullable reference as a reference or null', () => {
    expect(strictNullable({ nullable: true, description: 'd', allOf: [ref] })).toEqual({ description: 'd', anyOf: [ref, NULL_ONLY] });
    expect(strictNullable({ nullable: true, ...ref })).toEqual({ anyOf: [ref, NULL_ONLY] });
  });

  it('lists null in a nullable enum, and leaves a typed nullable as it is', () => {
    expect(strictNullable({ type: 'string', enum: ['a', 'b'], nullable: true })).toEqual({ type: 'string', enum: ['a', 'b', null], nullable: true });
    expect(strictNullable({ type: 'string', nullable: true })).toEqual({ type: 'string', nullable: true });
  });

  it('adds null to a nullable composition and drops the keyword where nothing is typed or it is false', () => {
    expect(strictNullable({ oneOf: [{ type: 'string' }], nullable: true })).toEqual({ oneOf: [{ type: 'string' }, NULL_ONLY] });
    expect(strictNullable({ description: 'any JSON', nullable: true })).toEqual({ description: 'any JSON' });
    expect(strictNullable({ oneOf: [{ type: 'object' }], nullable: false })).toEqual({ oneOf: [{ type: 'object' }] });
  });

  it('rewrites at any depth, but never inside an example', () => {
    const doc = { components: { schemas: { Job: { type: 'object', properties: { payment: { nullable: true, allOf: [ref] } }, example: { nullable: true } } } } };
    expect(strictNullable(doc)).toEqual({ components: { schemas: { Job: { type: 'object', properties: { payment: { anyOf: [ref, NULL_ONLY] } }, example: { nullable: true } } } } });
  });

  it('lets a validator that follows OpenAPI 3.0.3 accept null where a field is nullable, and only there', () => {
    const ajv = new Ajv({ strict: false });
    ajv.addSchema({ components: { schemas: { Payment: { type: 'object', required: ['amount'], properties: { amount: { type: 'number' } } } } } }, 'doc');
    const at = (schema: object) => ajv.compile(JSON.parse(JSON.stringify(strictNullable(schema)).replace(/"#\/components/g, '"doc#/components')) as object);
    const payment = at({ nullable: true, allOf: [ref] });
    expect([payment(null), payment({ amount: 1 }), payment({})]).toEqual([true, true, false]);
    const phase = at({ type: 'string', enum: ['open'], nullable: true });
    expect([phase(null), phase('open'), phase('shut')]).toEqual([true, true, false]);
  });
});
