import type { Type } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { Customer } from '../../../../libs/domain/src/request/events';

/**
 * Response classes: what the routes answer, for the OpenAPI document only (nothing builds
 * them; handlers answer plain objects of the code's own types, which these fields follow).
 * A field is `required` when every answer has it, `nullable` when it can be null; schemas
 * stay open to fields they do not list, so a new field is not a broken contract.
 */

/** Any JSON value (a worker's structured result, an event's data): the schema says nothing more. */
export const ANY_JSON: SchemaObject = { oneOf: [{ type: 'object' }, { type: 'array' }, { type: 'string' }, { type: 'number' }, { type: 'boolean' }] };
/** A JSON object whose keys are the code's own business (git state, an event's data, folded state). */
export const OPEN_OBJECT = { type: 'object', additionalProperties: true } as const;

/** Declares a `Json` field: any value, null included when `nullable`. */
export const JsonProperty = (description: string, o: { nullable?: boolean; required?: boolean } = {}): PropertyDecorator =>
  ApiProperty({ ...ANY_JSON, description, nullable: o.nullable ?? false, required: o.required ?? true } as Parameters<typeof ApiProperty>[0]);


/** `Assignee`: an operator by slug or an agent by id (one of the two, as `kind` says). */
export class AssigneeView {
  @ApiProperty({ enum: ['operator', 'agent'] }) kind!: 'operator' | 'agent';
  @ApiPropertyOptional({ description: 'when kind is operator' }) slug?: string;
  @ApiPropertyOptional({ description: 'when kind is agent' }) agentId?: string;
}

export class CustomerView implements Customer {
  @ApiProperty() name!: string;
  @ApiProperty() contact!: string;
}

/** Who did it, as the events' metadata name them (`operator:ana`, `admin:…`, `jobledger` for the system). */
export class ActorView {
  @ApiProperty() id!: string;
  @ApiProperty() role!: string;
}

/** A page of a list: its items and where the next page starts (`?cursor=`), null on the last. */
export const PageOf = <T>(item: Type<T>, name: string) => {
  class Page {
    @ApiProperty({ type: [item] }) items!: T[];
    @ApiProperty({ type: String, nullable: true, description: 'pass as `cursor` for the next page; null: the last page' }) nextCursor!: string | null;
  }
  Object.defineProperty(Page, 'name', { value: name });
  return Page;
};

/** What every command answers besides its own fields (`CommandGateway.execute`). */
export class CommandAnswer {
  @ApiProperty({ type: String, nullable: true, description: 'the log position its events reached; null when it appended nothing' }) position!: string | null;
  @ApiProperty({ description: 'the read models hold its events (false: they did not within the settle timeout)' }) settled!: boolean;
}
