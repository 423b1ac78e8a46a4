-- Reserved for work in progress (0005_documents); intentionally empty.
SELECT 1;
