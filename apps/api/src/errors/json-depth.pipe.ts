import { BadRequestException, Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { jsonDepth, MAX_JSON_DEPTH } from '../../../../libs/domain/src/shared/json-bounds';

/**
 * Runs before validation: a body nested thousands deep would overflow class-transformer's
 * recursion (a 500) or poison a read model. Refused here with a 400 instead.
 */
@Injectable()
export class JsonDepthPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'body' && jsonDepth(value) > MAX_JSON_DEPTH) {
      throw new BadRequestException({ code: 'JSON_TOO_DEEP', message: `the body nests deeper than ${MAX_JSON_DEPTH} levels`, details: { maxDepth: MAX_JSON_DEPTH } });
    }
    return value;
  }
}
