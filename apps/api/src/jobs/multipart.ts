import { BadRequestException, HttpException } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../../../libs/domain/src/shared/errors';
import { contentHashOf, sha256Hex } from '../../../../libs/domain/src/shared/hashing';
import { LONE_SURROGATE } from '../../../../libs/domain/src/shared/json-bounds';
import { EVIDENCE_FORM, EvidenceFieldsDto } from '../dto/execution.dto';
import { illFormedText } from '../errors/body-shape.pipe';
import { fieldsRefused } from '../errors/fields-refused';

export type EvidenceUpload = { fields: EvidenceFieldsDto; bytes: Buffer; declaredContentType: string };

/** @fastify/multipart's refusal of a part whose body is not the JSON its Content-Type declares. */
const INVALID_JSON_FIELD = 'FST_INVALID_JSON_FIELD_ERROR';

/** Reads `serviceEventId`, `category`, `note` and one `file` from a multipart body. */
export const readEvidenceUpload = async (request: FastifyRequest): Promise<EvidenceUpload> => {
  if (!request.isMultipart()) {
    throw new DomainError('MULTIPART_REQUIRED', 'evidence is uploaded as multipart/form-data', 'unsupported_media');
  }
  const fields: Record<string, string> = {};
  let file: { bytes: Buffer; mimetype: string } | null = null;
  try {
    await collectParts(request, fields, (f) => (file = f));
  } catch (e) {
    // Size limits and our own refusals keep their status; a body busboy cannot parse is a 400.
    const status = (e as { statusCode?: unknown }).statusCode;
    const unreadable = (e as { code?: unknown }).code === INVALID_JSON_FIELD; // the parser's 406 is about the body, not content negotiation
    if (!unreadable && (e instanceof HttpException || e instanceof DomainError || (typeof status === 'number' && status < 500))) throw e;
    throw new BadRequestException({ code: 'MALFORMED_MULTIPART', message: `the multipart body cannot be read: ${e instanceof Error ? e.message : String(e)}` });
  }
  // The parts end quietly when the connection drops: what arrived may lack fields sent after the file.
  if (request.raw.aborted || !request.raw.complete) {
    throw new BadRequestException({ code: 'MALFORMED_MULTIPART', message: 'the upload ended before its body did' });
  }
  return validated(fields, file);
};

/** What an upload asked, for a repeat to be compared with: its fields and the file's sha256. */
export const uploadHashOf = (upload: EvidenceUpload): string =>
  contentHashOf({ serviceEventId: upload.fields.serviceEventId, category: upload.fields.category, note: upload.fields.note ?? null, file: sha256Hex(upload.bytes) });

/** The form's text fields, as the API description states them. */
const TEXT_FIELDS = new Set(Object.keys(EVIDENCE_FORM.properties ?? {}).filter((name) => name !== 'file'));

const collectParts = async (request: FastifyRequest, fields: Record<string, string>, setFile: (f: { bytes: Buffer; mimetype: string }) => void) => {
  let seenFile = false;
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file' || seenFile) throw new BadRequestException({ code: 'VALIDATION_FAILED', message: 'exactly one part named "file" is expected' });
      seenFile = true;
      setFile({ bytes: await part.toBuffer(), mimetype: part.mimetype });
    } else {
      // busboy reads a part without a filename as text: say what is wrong with it, not that "file" is unknown.
      if (part.fieldname === 'file') throw fieldsRefused({ file: ['must be a file part, with a filename'] });
      // Refused at the first, as validation would refuse it: read on, a form of many would reach
      // the parser's field limit, which ends the body with nothing better to say than "Premature close".
      if (!TEXT_FIELDS.has(part.fieldname)) throw fieldsRefused({ [part.fieldname]: [`property ${part.fieldname} should not exist`] });
      // The last of two would win: a repeated category would file the evidence under one the client may not have meant.
      if (Object.hasOwn(fields, part.fieldname)) throw fieldsRefused({ [part.fieldname]: ['sent more than once'] });
      // A part typed application/json arrives parsed: a JSON string is still text, anything else
      // would be dropped by validation's string checks without a word.
      if (typeof part.value !== 'string') throw fieldsRefused({ [part.fieldname]: ['send as a text part'] });
      fields[part.fieldname] = part.value;
    }
  }
};

const validated = async (fields: Record<string, string>, file: { bytes: Buffer; mimetype: string } | null): Promise<EvidenceUpload> => {
  if (!file || file.bytes.length === 0) throw fieldsRefused({ file: ['required'] }, 'file: a non-empty file is required');
  // A part may declare another charset, and UTF-16 can carry a lone surrogate: the rule
  // BodyShapePipe applies to JSON bodies applies here too.
  const illFormed = Object.keys(fields).find((name) => LONE_SURROGATE.test(fields[name]));
  if (illFormed !== undefined) throw illFormedText(illFormed);
  const dto = plainToInstance(EvidenceFieldsDto, fields);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) throw fieldsRefused(Object.fromEntries(errors.map((e) => [e.property, Object.values(e.constraints ?? {})])));
  return { fields: dto, bytes: file.bytes, declaredContentType: file.mimetype };
};
