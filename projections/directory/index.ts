export { directoryProjection } from './projection';
export { OPERATORS, type OperatorDoc } from './operators';
export { SURFACES, type SurfaceDoc } from './surfaces';
export { PROJECTS, type ProjectDoc } from './projects';
