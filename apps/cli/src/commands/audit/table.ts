export { actorName, print, printJson, table } from '../shared/table';
