import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'jobledger:public';
/** Routes that answer without a token: health and the API docs. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
