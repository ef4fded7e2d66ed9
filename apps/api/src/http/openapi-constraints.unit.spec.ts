import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ArrayMaxSize, ArrayUnique, IsIn, IsInt, IsString, IsUUID, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { DTO_MODULES } from '../dto/all';
import { withValidationConstraints } from './openapi-constraints';

class SampleDto {
  @IsInt() @Min(0) @Max(4) priority!: number;
  @IsString() @Length(1, 200) title!: string;
  @IsUUID() serviceEventId!: string;
  @Matches(/^[a-z]+$/, { each: true }) @ArrayMaxSize(3) @ArrayUnique() tags!: string[];
  @Matches(/^a$/i) loose!: string;
  @IsIn(['a']) @MaxLength(5) nested!: object;
}

const docWith = () => ({
  components: {
    schemas: {
      SampleDto: {
        type: 'object',
        properties: {
          priority: { type: 'number' }, title: { type: 'string' }, serviceEventId: { type: 'string' },
          tags: { type: 'array', items: { type: 'string' } }, loose: { type: 'string' }, nested: { $ref: '#/components/schemas/Other' },
        },
      },
    },
  },
});

describe('withValidationConstraints: what the server accepts, in the document', () => {
  it('writes each rule of a body DTO into its schema, `each` rules into the items', () => {
    expect(withValidationConstraints(docWith(), [SampleDto]).components.schemas.SampleDto.properties).toEqual({
      priority: { type: 'integer', minimum: 0, maximum: 4 },
      title: { type: 'string', minLength: 1, maxLength: 200 },
      serviceEventId: { type: 'string', format: 'uuid' },
      tags: { type: 'array', items: { type: 'string', pattern: '^[a-z]+$' }, maxItems: 3, uniqueItems: true },
      // A pattern with flags says more than its source: left out. A reference is another schema's.
      loose: { type: 'string' },
      nested: { $ref: '#/components/schemas/Other' },
    });
  });

  it('reads every DTO module (a module left out would leave its rules undocumented)', () => {
    const files = readdirSync(join(__dirname, '..', 'dto')).filter((f) => f.endsWith('.dto.ts'));
    expect(DTO_MODULES).toHaveLength(files.length);
  });
});
