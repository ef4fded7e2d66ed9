import { getMetadataStorage, type MetadataStorage } from 'class-validator';

type Lookup = MetadataStorage['getTargetValidationMetadatas'];
type Answer = ReturnType<Lookup>;

const remembering = new WeakSet<MetadataStorage>();

/**
 * class-validator looks up a class's rules on every `validate()`: it walks every class that has
 * rules (an `instanceof` each, for inherited ones) and filters their lists anew. Under the HTTP
 * heartbeat load that was ≈ 7 % of everything the API thread allocated (see docs/performance.md
 * for what remembering it measured).
 *
 * The rules change only when a decorator registers more (as modules load, and when
 * `@nestjs/mapped-types` copies rules onto a derived DTO), so each answer is kept per class and
 * arguments, and all of them are forgotten whenever anything is registered. The lists handed
 * out are the ones class-validator built; neither it nor its callers change them.
 * Installed once per storage (class-validator keeps one per process).
 */
export const rememberValidationMetadata = (storage: MetadataStorage = getMetadataStorage()): void => {
  if (remembering.has(storage)) return;
  remembering.add(storage);
  const lookUp: Lookup = storage.getTargetValidationMetadatas.bind(storage);
  const answers = new Map<Function, Map<string, Answer>>();
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema ?? ''}\u0000${always}\u0000${strictGroups}\u0000${(groups ?? []).join('\u0000')}`;
    let byArguments = answers.get(target);
    if (byArguments === undefined) answers.set(target, (byArguments = new Map()));
    let answer = byArguments.get(key);
    if (answer === undefined) byArguments.set(key, (answer = lookUp(target, schema, always, strictGroups, groups)));
    return answer;
  };
  for (const register of ['addValidationMetadata', 'addValidationSchema', 'addConstraintMetadata'] as const) {
    const original = storage[register].bind(storage) as (argument: never) => void;
    Object.assign(storage, {
      [register]: (argument: never) => {
        answers.clear();
        original(argument);
      },
    });
  }
};
