export { templatesProjection, TEMPLATES, type TemplateDoc } from './projection';
