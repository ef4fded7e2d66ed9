import { ApiProperty } from '@nestjs/swagger';
import { ACCESS_STATES, type AccessState } from '../../../../libs/domain/src/operator/events';
import { SURFACE_KINDS, type SurfaceKind } from '../../../../libs/domain/src/surface/events';
import { GitSettingsDto, JobFieldsDto, TemplateChildDto } from '../dto/jobs.dto';
import { PageOf } from './shared';

/** `GET /operators/:slug`, from the operator's stream. */
export class OperatorView {
  @ApiProperty() slug!: string;
  @ApiProperty() name!: string;
  @ApiProperty() canGovern!: boolean;
  @ApiProperty({ enum: ACCESS_STATES }) accessState!: AccessState;
}

/** The `directory` read model's surface: its evidence policy in force. */
export class SurfaceView {
  @ApiProperty() key!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: SURFACE_KINDS }) kind!: SurfaceKind;
  @ApiProperty({ type: [String] }) requiredEvidence!: string[];
  @ApiProperty({ type: [String] }) allowedEvidence!: string[];
  @ApiProperty() definedAt!: string;
  @ApiProperty() updatedAt!: string;
}

/** `GET /surfaces`: a page of surfaces by key (500 unless `limit` says fewer). */
export const SurfaceList = PageOf(SurfaceView, 'SurfaceList');

/** `ProjectDefaults`: what the project's next jobs get. */
export class ProjectDefaultsView {
  @ApiProperty() reviewRequired!: boolean;
  @ApiProperty() maxAttempts!: number;
  @ApiProperty({ type: GitSettingsDto, description: "what a job's own git settings fall back to, key by key" }) git!: GitSettingsDto;
}

export class ProjectView {
  @ApiProperty() slug!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: ProjectDefaultsView }) defaults!: ProjectDefaultsView;
}

/** The `templates` read model: a template as defined (its job and children as given). */
export class TemplateView {
  @ApiProperty() templateId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: JobFieldsDto }) job!: JobFieldsDto;
  @ApiProperty({ type: [TemplateChildDto] }) children!: TemplateChildDto[];
  @ApiProperty() definedAt!: string;
}

export class TemplatePage extends PageOf(TemplateView, 'TemplatePage') {}
