import { getMetadataStorage, IsInt, IsString, validateSync } from 'class-validator';
import { rememberValidationMetadata } from './validation-metadata';

class Named {
  @IsString()
  name!: unknown;
  age?: unknown;
}

const failing = (object: object) => validateSync(object).map((e) => e.property);
const instance = <T extends object>(type: new () => T, values: Record<string, unknown>): T => Object.assign(new type(), values);

describe('rememberValidationMetadata', () => {
  beforeAll(() => rememberValidationMetadata());

  it('answers a class the same rules as before, and keeps the answer', () => {
    expect(failing(instance(Named, { name: 3 }))).toEqual(['name']);
    expect(failing(instance(Named, { name: 'Ada' }))).toEqual([]);
    const storage = getMetadataStorage();
    const first = storage.getTargetValidationMetadatas(Named, '', false, false);
    expect(storage.getTargetValidationMetadatas(Named, '', false, false)).toBe(first);
    expect(first.map((m) => m.propertyName)).toEqual(['name']);
  });

  it('forgets what it kept when a rule is registered later, so the new rule counts at once', () => {
    expect(failing(instance(Named, { name: 'Ada', age: 'old' }))).toEqual([]);
    IsInt()(Named.prototype, 'age'); // what a decorator does when a module loads
    expect(failing(instance(Named, { name: 'Ada', age: 'old' }))).toEqual(['age']);
  });

  it('finds the rules a class inherits, for a class declared after it was installed', () => {
    class Employee extends Named {
      @IsString()
      team!: unknown;
    }
    expect(failing(instance(Employee, { name: 1, age: 40, team: 2 })).sort()).toEqual(['name', 'team']);
  });

  it('installs once however often it is asked', () => {
    const storage = getMetadataStorage();
    const installed = storage.getTargetValidationMetadatas;
    rememberValidationMetadata();
    expect(storage.getTargetValidationMetadatas).toBe(installed);
  });
});
