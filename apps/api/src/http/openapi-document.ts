import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ApiErrorBody } from './api-docs';
import { dtoClasses } from '../dto/all';
import { withValidationConstraints } from './openapi-constraints';
import { strictNullable } from './openapi-nullable';

/** The OpenAPI document of the app's routes, as `/docs` serves it. */
export const openApiDocument = (app: INestApplication): OpenAPIObject =>
  strictNullable(withValidationConstraints(SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle('jobledger').setDescription('Event-sourced core for governed service work').setVersion('0.1.0').addBearerAuth().build(),
    { extraModels: [ApiErrorBody] },
  ), dtoClasses())) as OpenAPIObject;
