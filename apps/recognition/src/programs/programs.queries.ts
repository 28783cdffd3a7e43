/** For `@ProgramScope('program')` routes: the program's managers as recognition last saw them. */
export const RECOGNITION_PROGRAM_SCOPES = {
  program: `SELECT program_id, managers FROM recognition.programs WHERE tenant_id = $1 AND program_id = $2`,
};
